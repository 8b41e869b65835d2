// A static export (plain files in out/, served by any static server). No bundler settings for hf-model-import.
/** @type {import('next').NextConfig} */
export default { output: 'export' };
