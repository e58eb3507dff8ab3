import agentPackage from "../package.json" with { type: "json" };

/** The agent's version, as released (package.json); `--version` prints it. */
export const AGENT_VERSION: string = agentPackage.version;
