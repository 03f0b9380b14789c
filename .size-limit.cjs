// What @nightshift/core costs an app, measured on the built package as npm ships it.
// The goal is 8 KB (issue #7, bench/README.md); it is not met. Until it is, the limit here
// is a ratchet: it stops growth, and is lowered whenever the core shrinks — never raised
// without a note in bench/README.md saying what the bytes bought.
module.exports = [
  {
    name: '@nightshift/core, everything imported (min+gzip, eventemitter3 included)',
    path: 'packages/core/dist/index.js',
    import: '*',
    gzip: true,
    limit: '23.86 kB',
  },
  {
    name: '@nightshift/core, what a typical app imports: createQueue, defineJob, systemPlatform',
    path: 'packages/core/dist/index.js',
    import: '{ createQueue, defineJob, systemPlatform }',
    gzip: true,
  },
];
