// `import text from './README.md?raw'` gives the file's text: Vite (tests) does it natively, and
// scripts/build.mjs does the same for the bundle. Used for connector READMEs and logos.
declare module '*?raw' {
  const text: string;
  export default text;
}
