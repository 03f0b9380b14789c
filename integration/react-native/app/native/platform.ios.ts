// Metro picks this file for `--platform ios` (platform-specific extensions).
export const OS = 'ios' as const;
