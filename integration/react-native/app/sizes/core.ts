// Size: the baseline plus @nightshift/core (Metro bundles a package whole: no tree shaking).
import * as Core from '@nightshift/core';
import * as React from 'react';

console.log(typeof React.createElement, Object.keys(Core).length);
