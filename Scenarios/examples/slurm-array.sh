#!/usr/bin/env bash
# Run a sweep as a SLURM array job: each array task runs one shard, then one
# dependent job merges them. edl reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT
# (and SLURM_ARRAY_TASK_MIN) itself, so no --shard is needed.
#
#   sbatch --array=0-9 Scenarios/examples/slurm-array.sh Scenarios/coupon-collector.toml
#   sbatch --dependency=afterok:<array job id> --wrap "edl aggregate results/coupon-collector"
#
#SBATCH --job-name=edl-sweep
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
set -euo pipefail
experiment=${1:?usage: slurm-array.sh EXPERIMENT.toml}
# --resume makes a requeued or restarted task skip the cells it already finished.
srun edl sweep "$experiment" --resume --threads "${SLURM_CPUS_PER_TASK:-2}"
