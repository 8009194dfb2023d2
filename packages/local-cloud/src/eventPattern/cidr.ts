/** The `cidr` filter: an IPv4 or IPv6 subnet that string values of the event are checked against. */
import { BlockList, isIPv4, isIPv6 } from "node:net";
import type { ValueMatcher } from "./compiledPattern.ts";
import { requireString } from "./problems.ts";

export function compileCidr(arg: unknown, path: string, problems: string[]): ValueMatcher | undefined {
  const text = requireString(arg, path, problems);
  if (text === undefined) {
    return undefined;
  }
  const [address = "", maskText = "", ...rest] = text.split("/");
  const family = ipFamily(address);
  if (rest.length > 0 || !text.includes("/")) {
    problems.push(`${path} is a malformed CIDR, exactly one "/" is required`);
  } else if (family === undefined) {
    problems.push(`${path} has an invalid IP address "${address}"`);
  } else if (!/^\d+$/.test(maskText)) {
    problems.push(`${path} mask bits must be an integer`);
  } else if (Number(maskText) > (family === "ipv4" ? 31 : 127)) {
    // event-ruler rejects /32 and /128 (a single address is written as a plain string value instead).
    problems.push(`${path} mask bits must be below ${family === "ipv4" ? 32 : 128}`);
  } else {
    const block = new BlockList();
    block.addSubnet(address, Number(maskText), family);
    return { kind: "cidr", block };
  }
  return undefined;
}

export function isInCidrBlock(block: BlockList, value: string): boolean {
  const family = ipFamily(value);
  return family !== undefined && block.check(value, family);
}

function ipFamily(address: string): "ipv4" | "ipv6" | undefined {
  if (isIPv4(address)) {
    return "ipv4";
  }
  return isIPv6(address) ? "ipv6" : undefined;
}
