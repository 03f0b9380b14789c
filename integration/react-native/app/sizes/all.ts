// Size: the baseline plus every package a React Native app uses.
import * as AdapterRn from '@nightshift/adapter-rn';
import * as Core from '@nightshift/core';
import * as ReactBindings from '@nightshift/react';
import * as StoreSqlite from '@nightshift/store-sqlite';
import * as React from 'react';

console.log(
  typeof React.createElement,
  Object.keys(Core).length +
    Object.keys(AdapterRn).length +
    Object.keys(StoreSqlite).length +
    Object.keys(ReactBindings).length,
);
