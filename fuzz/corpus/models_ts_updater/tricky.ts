// A models.ts with everything the scanner must step over. Brackets in comments: ] } ) [ { (
/* A block comment with "double' and 'single" quotes, `backticks`, ${ and ] } ) */
import type { Model } from "@/lib/schemas";

const note = `template ${"with ] nested" + `inner ${[1, 2].map((x) => `${x}]`).join("}")}`} end`;
const other = 'single ] quote \' escaped { (';
const extraModels: Model[] = [];

export const models: Array<Model> = [
  // the first entry: quoted keys, single-quoted id, one module per line
  {
    'id': 'alpha',
    "name": "Alpha ] } // not a comment",
    description: `a template literal description`,
    modules: {
      "Alpha-Root": { count: 1, type: "block", definitions: [] },
      attn: { count: 2, parent: "Alpha-Root", type: "layer", definitions: ["x /* ] */"] }, // trailing ]
    },
  },
  ...extraModels,
  {
    id: "beta" /* ] */,
    name: 'Beta',
    modules: {},
  } // no comma after the last entry
];

export default models;
