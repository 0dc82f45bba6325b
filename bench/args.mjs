// Command-line options of the benchmark scripts: each takes what it knows
// out of the argument list, so that what is left over can be reported.

/** The arguments after the script's name, to take options from. */
export function benchArgs() {
  const argv = process.argv.slice(2);
  return {
    argv,
    /** `--name VALUE`: the value (removed from argv), or `def`. */
    take(name, def) {
      const i = argv.indexOf(name);
      if (i < 0) return def;
      const v = argv[i + 1];
      argv.splice(i, 2);
      return v;
    },
    /** `--name`: whether it was given (removed from argv). */
    flag(name) {
      const i = argv.indexOf(name);
      if (i >= 0) argv.splice(i, 1);
      return i >= 0;
    },
  };
}
