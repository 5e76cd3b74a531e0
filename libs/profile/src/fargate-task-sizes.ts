// The CPU and memory combinations Fargate accepts for a Linux task, from "Task size" in the
// Amazon ECS Developer Guide (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size)
// and AWS::ECS::TaskDefinition's Cpu and Memory. Any other pair fails at RegisterTaskDefinition.

export interface FargateCpu {
  cpu: number;
  /** allowed memory in MiB */
  memory: readonly number[];
}

const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

export const FARGATE_TASK_SIZES: readonly FargateCpu[] = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) },
];

export const FARGATE_CPU_VALUES = FARGATE_TASK_SIZES.map((size) => size.cpu);

/** The memory values Fargate accepts with this CPU; empty for a CPU it does not offer. */
export function fargateMemoryFor(cpu: number): readonly number[] {
  return FARGATE_TASK_SIZES.find((size) => size.cpu === cpu)?.memory ?? [];
}
