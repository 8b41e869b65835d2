import type { Model } from "@/lib/schemas"

const models: Model[] = [
  {
    id: "hostile-0",
    name: "\"; process.exit(1); \"",
    description: "\"; process.exit(1); \"",
    modules: {
      "\"; process.exit(1); \"": {
        count: 1,
        type: "block",
        definitions: ["\"; process.exit(1); \""],
      },
      child: {
        count: 1,
        parent: "\"; process.exit(1); \"",
        type: "layer",
        definitions: ["\"; process.exit(1); \""],
      },
    },
  },
  {
    id: "hostile-1",
    name: "back\\slash\\ \\\" \\u0041",
    description: "back\\slash\\ \\\" \\u0041",
    modules: {
      "back\\slash\\ \\\" \\u0041": {
        count: 1,
        type: "block",
        definitions: ["back\\slash\\ \\\" \\u0041"],
      },
      child: {
        count: 1,
        parent: "back\\slash\\ \\\" \\u0041",
        type: "layer",
        definitions: ["back\\slash\\ \\\" \\u0041"],
      },
    },
  },
  {
    id: "hostile-2",
    name: "\u0024{evil} `\u0024{process.exit(1)}`",
    description: "\u0024{evil} `\u0024{process.exit(1)}`",
    modules: {
      "\u0024{evil} `\u0024{process.exit(1)}`": {
        count: 1,
        type: "block",
        definitions: ["\u0024{evil} `\u0024{process.exit(1)}`"],
      },
      child: {
        count: 1,
        parent: "\u0024{evil} `\u0024{process.exit(1)}`",
        type: "layer",
        definitions: ["\u0024{evil} `\u0024{process.exit(1)}`"],
      },
    },
  },
  {
    id: "hostile-3",
    name: "line1\nline2\r\nline3\r",
    description: "line1\nline2\r\nline3\r",
    modules: {
      "line1\nline2\r\nline3\r": {
        count: 1,
        type: "block",
        definitions: ["line1\nline2\r\nline3\r"],
      },
      child: {
        count: 1,
        parent: "line1\nline2\r\nline3\r",
        type: "layer",
        definitions: ["line1\nline2\r\nline3\r"],
      },
    },
  },
  {
    id: "hostile-4",
    name: "sep\u2028para\u2029end",
    description: "sep\u2028para\u2029end",
    modules: {
      "sep\u2028para\u2029end": {
        count: 1,
        type: "block",
        definitions: ["sep\u2028para\u2029end"],
      },
      child: {
        count: 1,
        parent: "sep\u2028para\u2029end",
        type: "layer",
        definitions: ["sep\u2028para\u2029end"],
      },
    },
  },
  {
    id: "hostile-5",
    name: "emoji \ud83d\ude00 \ud83d\udca9",
    description: "emoji \ud83d\ude00 \ud83d\udca9",
    modules: {
      "emoji \ud83d\ude00 \ud83d\udca9": {
        count: 1,
        type: "block",
        definitions: ["emoji \ud83d\ude00 \ud83d\udca9"],
      },
      child: {
        count: 1,
        parent: "emoji \ud83d\ude00 \ud83d\udca9",
        type: "layer",
        definitions: ["emoji \ud83d\ude00 \ud83d\udca9"],
      },
    },
  },
  {
    id: "hostile-6",
    name: "bad \ufffd \ufffd\ufffd \ufffd \ufffd\ufffd\ufffd end",
    description: "bad \ufffd \ufffd\ufffd \ufffd \ufffd\ufffd\ufffd end",
    modules: {
      "bad \ufffd \ufffd\ufffd \ufffd \ufffd\ufffd\ufffd end": {
        count: 1,
        type: "block",
        definitions: ["bad \ufffd \ufffd\ufffd \ufffd \ufffd\ufffd\ufffd end"],
      },
      child: {
        count: 1,
        parent: "bad \ufffd \ufffd\ufffd \ufffd \ufffd\ufffd\ufffd end",
        type: "layer",
        definitions: ["bad \ufffd \ufffd\ufffd \ufffd \ufffd\ufffd\ufffd end"],
      },
    },
  },
  {
    id: "hostile-7",
    name: "*/ /* // ",
    description: "*/ /* // ",
    modules: {
      "*/ /* // ": {
        count: 1,
        type: "block",
        definitions: ["*/ /* // "],
      },
      child: {
        count: 1,
        parent: "*/ /* // ",
        type: "layer",
        definitions: ["*/ /* // "],
      },
    },
  },
  {
    id: "hostile-8",
    name: "</script><script>alert(1)</script>",
    description: "</script><script>alert(1)</script>",
    modules: {
      "</script><script>alert(1)</script>": {
        count: 1,
        type: "block",
        definitions: ["</script><script>alert(1)</script>"],
      },
      child: {
        count: 1,
        parent: "</script><script>alert(1)</script>",
        type: "layer",
        definitions: ["</script><script>alert(1)</script>"],
      },
    },
  },
  {
    id: "hostile-9",
    name: "nul\u0000 bell\u0007 esc\u001b del\u007f",
    description: "nul\u0000 bell\u0007 esc\u001b del\u007f",
    modules: {
      "nul\u0000 bell\u0007 esc\u001b del\u007f": {
        count: 1,
        type: "block",
        definitions: ["nul\u0000 bell\u0007 esc\u001b del\u007f"],
      },
      child: {
        count: 1,
        parent: "nul\u0000 bell\u0007 esc\u001b del\u007f",
        type: "layer",
        definitions: ["nul\u0000 bell\u0007 esc\u001b del\u007f"],
      },
    },
  },
  {
    id: "hostile-10",
    name: "\u202eevil\u202c",
    description: "\u202eevil\u202c",
    modules: {
      "\u202eevil\u202c": {
        count: 1,
        type: "block",
        definitions: ["\u202eevil\u202c"],
      },
      child: {
        count: 1,
        parent: "\u202eevil\u202c",
        type: "layer",
        definitions: ["\u202eevil\u202c"],
      },
    },
  },
  {
    id: "hostile-11",
    name: "'single' `tick`",
    description: "'single' `tick`",
    modules: {
      "'single' `tick`": {
        count: 1,
        type: "block",
        definitions: ["'single' `tick`"],
      },
      child: {
        count: 1,
        parent: "'single' `tick`",
        type: "layer",
        definitions: ["'single' `tick`"],
      },
    },
  },
  {
    id: "hostile-12",
    name: "}, evil: { x: 1",
    description: "}, evil: { x: 1",
    modules: {
      "}, evil: { x: 1": {
        count: 1,
        type: "block",
        definitions: ["}, evil: { x: 1"],
      },
      child: {
        count: 1,
        parent: "}, evil: { x: 1",
        type: "layer",
        definitions: ["}, evil: { x: 1"],
      },
    },
  },
  {
    id: "hostile-13",
    name: "__proto__",
    description: "__proto__",
    modules: {
      ["__proto__"]: {
        count: 1,
        type: "block",
        definitions: ["__proto__"],
      },
      child: {
        count: 1,
        parent: "__proto__",
        type: "layer",
        definitions: ["__proto__"],
      },
    },
  },
  {
    id: "hostile-14",
    name: "class",
    description: "class",
    modules: {
      "class": {
        count: 1,
        type: "block",
        definitions: ["class"],
      },
      child: {
        count: 1,
        parent: "class",
        type: "layer",
        definitions: ["class"],
      },
    },
  },
  {
    id: "hostile-15",
    name: "caf\u00e9 \u00d7 \u2192 \u4e2d\u6587",
    description: "caf\u00e9 \u00d7 \u2192 \u4e2d\u6587",
    modules: {
      "caf\u00e9 \u00d7 \u2192 \u4e2d\u6587": {
        count: 1,
        type: "block",
        definitions: ["caf\u00e9 \u00d7 \u2192 \u4e2d\u6587"],
      },
      child: {
        count: 1,
        parent: "caf\u00e9 \u00d7 \u2192 \u4e2d\u6587",
        type: "layer",
        definitions: ["caf\u00e9 \u00d7 \u2192 \u4e2d\u6587"],
      },
    },
  },
] satisfies Model[]

export default models
