/** An NTLM message as explanation rows, shared by the NTLM and Negotiate explainers. */
import type { ExplainedParam } from "../types.ts";
import type { NtlmMessage } from "./ntlm-message.ts";

const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: "type 1, NEGOTIATE: the client's opening message",
  2: "type 2, CHALLENGE: the server's challenge",
  3: "type 3, AUTHENTICATE: the client's answer with the user's credentials",
};

export function ntlmRows(m: NtlmMessage): ExplainedParam[] {
  const rows: ExplainedParam[] = [
    { name: "NTLM message", value: String(m.type), meaning: MESSAGE_TYPES[m.type] ?? "not a message type of [MS-NLMP] §2.2.1" },
  ];
  if (m.targetName !== undefined)
    rows.push({ name: "Target name", value: m.targetName, meaning: "The domain or server the credentials must belong to ([MS-NLMP] §2.2.1.2)." });
  if (m.flags !== undefined)
    rows.push({
      name: "Flags",
      value: `0x${m.flags.toString(16).padStart(8, "0")}`,
      meaning: m.flagNames && m.flagNames.length > 0 ? m.flagNames.join(", ") : "none set",
    });
  if (m.serverChallenge !== undefined)
    rows.push({ name: "Server challenge", value: m.serverChallenge, meaning: "The 8-byte nonce the client's answer is computed over." });
  for (const item of m.targetInfo ?? []) rows.push({ name: item.name, value: item.value, meaning: "From the challenge's TargetInfo ([MS-NLMP] §2.2.2.1)." });
  if (m.domain !== undefined) rows.push({ name: "Domain", value: m.domain, meaning: "The domain the client names." });
  if (m.user !== undefined) rows.push({ name: "User", value: m.user, meaning: "The user the client authenticates as." });
  if (m.workstation !== undefined) rows.push({ name: "Workstation", value: m.workstation, meaning: "The client machine's name." });
  if (m.version !== undefined) rows.push({ name: "OS version", value: m.version, meaning: "The sender's Windows version ([MS-NLMP] §2.2.2.10)." });
  return rows;
}
