// A Node script bundled by webpack (--target node): imports a model from the hub given as argv[2].
import { importModel } from 'hf-model-import';

importModel('meta-llama/Llama-3.1-8B', { hubUrl: process.argv[2] }).then((r) => console.log(r.architecture.parameters.total));
