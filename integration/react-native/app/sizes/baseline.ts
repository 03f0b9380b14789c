// Size baseline: a React Native app with React and nothing of Nightshift.
import * as React from 'react';

console.log(typeof React.createElement);
