// The Babel config of a React Native app, as the template has it: React Native's preset.
// @react-native/metro-babel-transformer extends babel.config.js (by that name) when it exists.
module.exports = {
  presets: ['module:@react-native/babel-preset'],
};
