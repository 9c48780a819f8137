// Validate documents against one of lowback's bundled JSON Schemas with
// Ajv's Draft 2020-12 validator: the check a JavaScript user of the
// schemas would run. Ajv is given that one schema and nothing else (no
// loadSchema), so a $ref that is not inside it fails to compile.
//
//   node lowback-schema.cjs SCHEMA_FILE DOCUMENTS_FILE
//
// DOCUMENTS_FILE holds a JSON array of documents. Prints a JSON array with,
// for each document, the list of Ajv's errors (empty when it is valid).
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
const schema = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const check = ajv.compile(schema);
const documents = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const found = documents.map((document) =>
  check(document)
    ? []
    : check.errors.map((e) => `${e.instancePath || "/"} ${e.message}`)
);
process.stdout.write(JSON.stringify(found));
