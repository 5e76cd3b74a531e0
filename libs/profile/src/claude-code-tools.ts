// The names of Claude Code's built-in tools, as the pinned gateway (2.1.330) lists them in its
// BUILTIN_TOOL_NAMES (the tools desktop.disabledBuiltinTools and bare permissions.deny entries
// name). A test reads the same list out of the pinned binary, so this copy cannot drift from it.
export const CLAUDE_CODE_TOOLS: readonly string[] = [
  'Bash', 'Read', 'Write', 'Edit', 'Glob', 'Grep', 'NotebookEdit', 'WebFetch', 'WebSearch', 'Task', 'TodoWrite',
  'TaskCreate', 'TaskUpdate', 'TaskGet', 'TaskList', 'TaskStop', 'Skill', 'REPL', 'JavaScript', 'AskUserQuestion',
  'ToolSearch', 'SendUserMessage',
];
