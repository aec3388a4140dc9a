/**
 * The tools Marginalia offers to language models: VS Code's chat (`vscode.lm.registerTool`, declared again in
 * package.json's `languageModelTools`, which a unit test keeps equal) and agents outside VS Code (`marginalia mcp`).
 * One name, description and input schema per tool, for both. Written for a model to choose the right tool: what it
 * does, what it returns, and which ids to pass on.
 */

/** A JSON Schema object for a tool's input (the subset both VS Code and MCP accept). */
export interface ToolInputSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: false;
}

export interface AgentToolSpec {
  readonly name: AgentToolName;
  /** For people: the tool picker, the confirmation. */
  readonly title: string;
  /** For the model: when to use it and what it gives back. */
  readonly description: string;
  readonly inputSchema: ToolInputSchema;
  /** Writes a note file: VS Code asks the user first; Restricted Mode refuses it. */
  readonly writes: boolean;
}

export type AgentToolName =
  'marginalia_search_papers' | 'marginalia_get_paper' | 'marginalia_list_cited_papers' | 'marginalia_add_note' | 'marginalia_link_code';

const paperId = {
  type: 'string',
  description: 'The paper id as the other Marginalia tools print it: an arXiv id without version (`2312.00752`), or a `title:…` id for papers without one.',
} as const;

export const agentToolSpecs: readonly AgentToolSpec[] = [
  {
    name: 'marginalia_search_papers',
    title: 'Search Papers',
    description:
      "Searches the research papers the user has in Marginalia: the papers of the feed already loaded (Hugging Face Daily Papers, arXiv, or the bundled sample) and the user's library of paper notes (titles, tags and note text). Every word must match, as a prefix. Returns one line per paper: its id, title, first authors, date, whether it has code, and the user's reading status and number of notes. Use the id with marginalia_get_paper for the abstract and notes. Nothing is downloaded.",
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'Words to look for in titles, authors, abstracts, keywords, tags and notes, e.g. `state space models`.' },
        limit: { type: 'integer', minimum: 1, maximum: 50, description: 'Most papers to return (default 10).' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    writes: false,
  },
  {
    name: 'marginalia_get_paper',
    title: 'Get Paper',
    description:
      'Gets one paper by id: title, authors, dates, links, abstract, code repositories, and what the user keeps on it in the workspace: reading status, tags, notes (each with its note id and the passage it quotes), PDF highlights, code ranges linked to it (with where they are now), and the files of this workspace that cite it. Use after marginalia_search_papers or marginalia_list_cited_papers.',
    inputSchema: {
      type: 'object',
      properties: { id: paperId },
      required: ['id'],
      additionalProperties: false,
    },
    writes: false,
  },
  {
    name: 'marginalia_list_cited_papers',
    title: 'List Papers Cited in the Workspace',
    description:
      'Lists the papers this workspace cites by arXiv id (in comments, docstrings, READMEs, BibTeX…) and where: for each paper its id, title when known, and the files and line numbers (`path:line`) that mention it, most cited first. Use to find which papers the code implements before reading them with marginalia_get_paper.',
    inputSchema: {
      type: 'object',
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 200, description: 'Most papers to list (default 50).' },
      },
      additionalProperties: false,
    },
    writes: false,
  },
  {
    name: 'marginalia_add_note',
    title: 'Add Note to Paper',
    description:
      "Adds a note to a paper in the user's library: a section of the paper's Markdown note file in the workspace's notes folder (the file is created if the paper has none). Give `quote` to attach the note to a passage of the abstract, copied exactly. The user is asked to confirm. Returns the note id and the file.",
    inputSchema: {
      type: 'object',
      properties: {
        paperId,
        text: { type: 'string', description: 'The note, in Markdown.' },
        heading: { type: 'string', description: 'A short heading for the note (optional; a quote note is headed by its quote).' },
        quote: { type: 'string', description: 'A passage of the abstract, copied exactly, that the note is about (optional).' },
      },
      required: ['paperId', 'text'],
      additionalProperties: false,
    },
    writes: true,
  },
  {
    name: 'marginalia_link_code',
    title: 'Link Code to Paper',
    description:
      "Links a range of lines of a workspace file to a paper: records the path, the lines and the code itself in the paper's note, so the paper lists the code that implements it, and the link is found again after the code is edited. The user is asked to confirm. Returns the note id.",
    inputSchema: {
      type: 'object',
      properties: {
        paperId,
        path: { type: 'string', description: 'The file, relative to the workspace folder, with `/` (`src/model.py`).' },
        startLine: { type: 'integer', minimum: 1, description: 'First line of the range, 1-based.' },
        endLine: { type: 'integer', minimum: 1, description: 'Last line of the range, 1-based, inclusive.' },
        comment: { type: 'string', description: 'What this code does for the paper (optional, Markdown).' },
      },
      required: ['paperId', 'path', 'startLine', 'endLine'],
      additionalProperties: false,
    },
    writes: true,
  },
];

export function agentToolSpec(name: string): AgentToolSpec | undefined {
  return agentToolSpecs.find((s) => s.name === name);
}
