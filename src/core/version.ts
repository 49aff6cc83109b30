// Read once from package.json so reports and logs name the build that wrote them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const APP_VERSION: string = (() => {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
