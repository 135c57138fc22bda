#!/usr/bin/env bash
# Random-dataset generation speed: bench/random-dataset.sh [tokenizer] [prompts] [tokens]
# (default: the Qwen3 test tokenizer in ../shared/testdata, 10,000 prompts of 1,024 tokens).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile
cp="$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -cp "target/classes:target/test-classes:$cp" dev.barrage.bench.RandomDatasetBench "$@"
