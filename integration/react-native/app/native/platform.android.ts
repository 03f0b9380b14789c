// Metro picks this file for `--platform android` (platform-specific extensions).
export const OS = 'android' as const;
