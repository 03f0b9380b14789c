// The Babel config of a React Native app: React Native's preset, as the app template has it.
module.exports = {
  presets: ['module:@react-native/babel-preset'],
};
