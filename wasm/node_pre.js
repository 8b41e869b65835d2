// Prepended to the Node build's glue (--pre-js). An ES-module Node bundle (esbuild/webpack, format esm)
// has no __dirname, which the glue reads to set scriptDirectory; the single-file core never reads a file,
// so any directory will do. (A local var: in CommonJS it shadows the module's own, which is unused.)
var __dirname = '/';
