// The docs' code blocks import `react-native`, which is not installed here. They share the
// small stand-in of examples/rn-app, which declares only what the examples use.
/// <reference path="../../examples/rn-app/types/react-native.d.ts" />
