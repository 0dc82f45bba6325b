// Language-server benchmark: where the benchmark types and asks, in the Herd
// texts and in the JSON documents. The same places in both forms, found by
// searching the generated text (services s<k>-3, a block service with a
// systemd run, and s<k>-4, a block service with a container and an `on`
// rule, of the leaf file k). Every request position lies before the typing
// point, so the offsets hold for the whole run.

function find(text, needle, from = 0) {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`cannot find ${JSON.stringify(needle)} in the generated text`);
  return i;
}

/** Offsets in the Herd leaf file, and the typing point in lib/templates.sys. */
export function herdPositions(leafText, templatesText, k) {
  const s3 = find(leafText, `service s${k}-3 {`);
  const s4 = find(leafText, `service s${k}-4 {`);
  return {
    // `rep|licas` in s<k>-3's body: the fields of Service not yet set
    completeField: find(leafText, "replicas", s3) + 3,
    // `zone != |"hel1"` in s<k>-4's place block: the zone values machines have
    completeRule: find(leafText, "zone != ", s4) + "zone != ".length,
    // `service s<k>|-4`: the service, its replicas and where they are placed
    hoverService: s4 + "service ".length + 2,
    // `repl|icas` in s<k>-4: the field's type and documentation
    hoverField: find(leafText, "replicas", s4) + 4,
    // `image = "docker.io/library/…:stable|"` in s<k>-4
    typeLeaf: find(leafText, ':stable"', s4) + ":stable".length,
    // `path = "/healthz|"` in webApp's body, in the module every entry file imports
    typeImported: find(templatesText, '"/healthz"', find(templatesText, "fn webApp(")) + '"/healthz'.length,
  };
}

/** The same places in the JSON document holding file k's services. */
export function jsonPositions(text, k) {
  const j3 = find(text, `"s${k}-3": {`);
  const j4 = find(text, `"s${k}-4": {`);
  return {
    // `"rep|licas"` in s<k>-3: the properties of a service
    completeField: find(text, '"replicas"', j3) + 4,
    // `"value": |"hel1"` of the `ne` comparison in s<k>-4's place.on: the schema's label values
    completeRule: find(text, '"value": "', find(text, '"op": "ne"', j4)) + '"value": '.length,
    // `"s<k>|-4"`: the service's schema description
    hoverService: j4 + 3,
    // `"repl|icas"` in s<k>-4
    hoverField: find(text, '"replicas"', j4) + 5,
    // `"image": "docker.io/library/…:stable|"` in s<k>-4
    typeLeaf: find(text, ':stable"', j4) + ":stable".length,
  };
}

/** Keystroke i of a run of typing: five characters typed, then five backspaces, and again. */
export function keystroke(i) {
  const j = i % 10;
  return j < 5 ? { at: j, insert: "abcde"[j], remove: 0 } : { at: 9 - j, insert: "", remove: 1 };
}
