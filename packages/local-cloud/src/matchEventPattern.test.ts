import { describe, expect, it } from "vitest";
import {
  type EventPattern,
  InvalidEventPatternError,
  matchEventPattern,
  validateEventPattern,
} from "./matchEventPattern.ts";

interface Case {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly event: unknown;
  readonly expected: boolean;
}

// Sample events from the EventBridge user guide.
const EC2_TERMINATED = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};

const AUTOSCALING_LAUNCH = {
  version: "0",
  id: "3e3c153a-8339-4e30-8c35-687ebef853fe",
  "detail-type": "EC2 Instance Launch Successful",
  source: "aws.autoscaling",
  account: "123456789012",
  time: "2015-11-11T21:31:47Z",
  region: "us-east-1",
  resources: [],
  detail: { eventVersion: "", responseElements: null },
};

const MACIE_ALERT = {
  "detail-type": "Macie Alert",
  source: "aws.macie",
  detail: {
    "notification-type": "ALERT_CREATED",
    tags: ["Custom_Alert", "Insider"],
    "risk-score": 80,
    trigger: { "alert-type": "basic", risk: 8 },
  },
};

const EC2_TERMINATION_PATTERN = {
  source: ["aws.ec2"],
  "detail-type": ["EC2 Instance State-change Notification"],
  detail: { state: ["terminated"] },
};

const NUMERIC_EXAMPLE = {
  detail: {
    "c-count": [{ numeric: [">", 0, "<=", 5] }],
    "d-count": [{ numeric: ["<", 10] }],
    "x-limit": [{ numeric: ["=", 3.018e2] }],
  },
};

const COMPLEX_EXAMPLE = {
  time: [{ prefix: "2017-10-02" }],
  detail: {
    state: [{ "anything-but": "initializing" }],
    "c-count": [{ numeric: [">", 0, "<=", 5] }],
    "d-count": [{ numeric: ["<", 10] }],
    "x-limit": [{ "anything-but": [100, 200, 300] }],
  },
};

const OR_INSIDE_DETAIL = {
  detail: {
    $or: [
      { "c-count": [{ numeric: [">", 0, "<=", 5] }] },
      { "d-count": [{ numeric: ["<", 10] }] },
      { "x-limit": [{ numeric: ["=", 3.018e2] }] },
    ],
  },
};

const OR_WITH_SOURCE = {
  source: ["aws.cloudwatch"],
  $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
};

const RESOURCES_PATTERN = {
  resources: [
    "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
    "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
  ],
};

const ASG_ARN =
  "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate";

const BUS_ARN_WILDCARD = { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] };

const EMPLOYEES = {
  employees: [
    { firstName: "John", lastName: "Doe" },
    { firstName: "Anna", lastName: "Smith" },
    { firstName: "Peter", lastName: "Jones" },
  ],
};

const CREATING_PATTERNS: readonly Case[] = [
  {
    name: "Creating event patterns › EC2 instance-termination example matches, other event fields ignored",
    pattern: EC2_TERMINATION_PATTERN,
    event: EC2_TERMINATED,
    expected: true,
  },
  {
    name: "Creating event patterns › EC2 instance-termination example rejects state running",
    pattern: EC2_TERMINATION_PATTERN,
    event: { ...EC2_TERMINATED, detail: { ...EC2_TERMINATED.detail, state: "running" } },
    expected: false,
  },
  {
    name: "Creating event patterns › the event must contain every field named (detail.state missing)",
    pattern: EC2_TERMINATION_PATTERN,
    event: { ...EC2_TERMINATED, detail: { "instance-id": "i-1234567890abcdef0" } },
    expected: false,
  },
  {
    name: "Creating event patterns › strings match exactly, without case folding",
    pattern: { source: ["AWS.EC2"] },
    event: EC2_TERMINATED,
    expected: false,
  },
  {
    name: "Matching event values › source is aws.ec2 OR aws.fargate (matches aws.fargate)",
    pattern: { source: ["aws.ec2", "aws.fargate"] },
    event: { source: "aws.fargate" },
    expected: true,
  },
  {
    name: "Matching event values › source is aws.ec2 OR aws.fargate (rejects aws.lambda)",
    pattern: { source: ["aws.ec2", "aws.fargate"] },
    event: { source: "aws.lambda" },
    expected: false,
  },
  {
    name: "Matching event values › Macie value matching on nested detail.trigger.risk",
    pattern: {
      source: ["aws.macie"],
      "detail-type": ["Macie Alert"],
      detail: { "risk-score": [80], trigger: { risk: [8] } },
    },
    event: MACIE_ALERT,
    expected: true,
  },
  {
    name: "Matching event values › numeric exact match: [5] matches 5.0 (compared by value)",
    pattern: { detail: { "risk-score": [5] } },
    event: JSON.parse('{ "detail": { "risk-score": 5.0 } }'),
    expected: true,
  },
  {
    name: "Matching event values › a number never equals its string form",
    pattern: { detail: { "risk-score": [80] } },
    event: { detail: { "risk-score": "80" } },
    expected: false,
  },
  {
    name: "Matching event values › booleans match exactly",
    pattern: { detail: { enabled: [false] } },
    event: { detail: { enabled: false } },
    expected: true,
  },
  {
    name: "Matching event values › several conditions in one array are OR-ed (exact, prefix, numeric)",
    pattern: { detail: { state: ["running", { prefix: "init" }, { numeric: [">", 10] }] } },
    event: { detail: { state: "initializing" } },
    expected: true,
  },
];

const NULLS_AND_ARRAYS: readonly Case[] = [
  {
    name: "Matching null values and empty strings › responseElements [null] matches null",
    pattern: { source: ["aws.autoscaling"], detail: { responseElements: [null] } },
    event: AUTOSCALING_LAUNCH,
    expected: true,
  },
  {
    name: 'Matching null values and empty strings › eventVersion [""] matches the empty string',
    pattern: { detail: { eventVersion: [""] } },
    event: AUTOSCALING_LAUNCH,
    expected: true,
  },
  {
    name: "Matching null values and empty strings › null and empty string are not interchangeable",
    pattern: { detail: { responseElements: [""] } },
    event: AUTOSCALING_LAUNCH,
    expected: false,
  },
  {
    name: "Matching null values and empty strings › [null] does not match a missing field",
    pattern: { detail: { requestParameters: [null] } },
    event: AUTOSCALING_LAUNCH,
    expected: false,
  },
  {
    name: 'Matching null values and empty strings › [null] does not match the string "null"',
    pattern: { detail: { responseElements: [null] } },
    event: { detail: { responseElements: "null" } },
    expected: false,
  },
  {
    name: "Arrays in event patterns › matches when the pattern and event arrays intersect",
    pattern: RESOURCES_PATTERN,
    event: { resources: [ASG_ARN, "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"] },
    expected: true,
  },
  {
    name: "Arrays in event patterns › does not match when the arrays do not intersect",
    pattern: RESOURCES_PATTERN,
    event: { resources: [ASG_ARN] },
    expected: false,
  },
  {
    name: "Arrays in event patterns › an empty event array matches no value, not even null",
    pattern: { resources: [null] },
    event: AUTOSCALING_LAUNCH,
    expected: false,
  },
  {
    name: "Arrays in event patterns › a nested pattern matches any object in an event array",
    pattern: { detail: { automations: { id: [{ exists: true }] } } },
    event: { detail: { automations: [{ key1: "value1" }, { id: "match-does-exist" }] } },
    expected: true,
  },
  {
    name: "event-ruler JSON array matching › firstName Anna matches an element of employees",
    pattern: { employees: { firstName: ["Anna"] } },
    event: EMPLOYEES,
    expected: true,
  },
  {
    name: "event-ruler JSON array matching › Anna/Jones spans two elements, so it does not match",
    pattern: { employees: { firstName: ["Anna"], lastName: ["Jones"] } },
    event: EMPLOYEES,
    expected: false,
  },
  {
    name: "Creating event patterns › nested detail.data.service inside an array of records",
    pattern: { detail: { data: { service: ["billing"] } } },
    event: { detail: { data: [{ service: "ledger" }, { service: "billing" }] } },
    expected: true,
  },
  {
    name: "Creating event patterns › a JSON string is not parsed into an object",
    pattern: { detail: { data: { service: ["billing"] } } },
    event: { detail: { data: '{"service":"billing"}' } },
    expected: false,
  },
];

const PREFIX_SUFFIX_CASE: readonly Case[] = [
  {
    name: "Content filtering › Prefix matching: time starts with 2017-10-02",
    pattern: { time: [{ prefix: "2017-10-02" }] },
    event: { time: "2017-10-02T18:43:48Z" },
    expected: true,
  },
  {
    name: "Content filtering › Prefix matching: other dates do not match",
    pattern: { time: [{ prefix: "2017-10-02" }] },
    event: { time: "2017-10-03T18:43:48Z" },
    expected: false,
  },
  {
    name: "Content filtering › Prefix matching only works on strings",
    pattern: { detail: { code: [{ prefix: "12" }] } },
    event: { detail: { code: 123 } },
    expected: false,
  },
  {
    name: "Content filtering › Prefix matching while ignoring case: EventB matches EVENTBRIDGE",
    pattern: { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } },
    event: { detail: { service: "EVENTBRIDGE" } },
    expected: true,
  },
  {
    name: "Content filtering › Suffix matching: FileName ends with .png",
    pattern: { FileName: [{ suffix: ".png" }] },
    event: { FileName: "image.png" },
    expected: true,
  },
  {
    name: "Content filtering › Suffix matching is case-sensitive (.png vs .PNG)",
    pattern: { FileName: [{ suffix: ".png" }] },
    event: { FileName: "image.PNG" },
    expected: false,
  },
  {
    name: "Content filtering › Suffix matching while ignoring case: .png matches .PNG",
    pattern: { detail: { FileName: [{ suffix: { "equals-ignore-case": ".png" } }] } },
    event: { detail: { FileName: "image.PNG" } },
    expected: true,
  },
  {
    name: "Content filtering › Equals-ignore-case matching on detail-type",
    pattern: { "detail-type": [{ "equals-ignore-case": "ec2 instance state-change notification" }] },
    event: EC2_TERMINATED,
    expected: true,
  },
  {
    name: "Content filtering › Equals-ignore-case matching rejects a different string",
    pattern: { "detail-type": [{ "equals-ignore-case": "ec2 instance launch successful" }] },
    event: EC2_TERMINATED,
    expected: false,
  },
];

const ANYTHING_BUT: readonly Case[] = [
  {
    name: "Content filtering › Anything-but: state is not initializing (running matches)",
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    event: { detail: { state: "running" } },
    expected: true,
  },
  {
    name: "Content filtering › Anything-but: state initializing does not match",
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    event: { detail: { state: "initializing" } },
    expected: false,
  },
  {
    name: "Content filtering › Anything-but: x-limit is not 123",
    pattern: { detail: { "x-limit": [{ "anything-but": 123 }] } },
    event: { detail: { "x-limit": 123 } },
    expected: false,
  },
  {
    name: "Content filtering › Anything-but list of strings excludes stopped",
    pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    event: { detail: { state: "stopped" } },
    expected: false,
  },
  {
    name: "Content filtering › Anything-but list of numbers lets 150 through",
    pattern: { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } },
    event: { detail: { "x-limit": 150 } },
    expected: true,
  },
  {
    name: "Content filtering › Anything-but prefix: init excludes initializing",
    pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    event: { detail: { state: "initializing" } },
    expected: false,
  },
  {
    name: "Content filtering › Anything-but suffix: .txt lets file.txt.bak through",
    pattern: { detail: { FileName: [{ "anything-but": { suffix: ".txt" } }] } },
    event: { detail: { FileName: "file.txt.bak" } },
    expected: true,
  },
  {
    name: "Content filtering › Anything-but ignoring case excludes INITIALIZING",
    pattern: { detail: { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] } },
    event: { detail: { state: "INITIALIZING" } },
    expected: false,
  },
  {
    name: "Content filtering › Anything-but ignoring case, list: Stopped is excluded",
    pattern: {
      detail: { state: [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }] },
    },
    event: { detail: { state: "Stopped" } },
    expected: false,
  },
  {
    name: "Content filtering › Anything-but wildcard: FilePath without /lib/ matches",
    pattern: { detail: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] } },
    event: { detail: { FilePath: "/usr/bin/node" } },
    expected: true,
  },
  {
    name: "Content filtering › Anything-but wildcard: FilePath with /lib/ does not match",
    pattern: { detail: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] } },
    event: { detail: { FilePath: "/usr/lib/libc.so" } },
    expected: false,
  },
  {
    name: "Content filtering › Anything-but on an event array matches if any element is not excluded",
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    event: { detail: { state: ["initializing", "running"] } },
    expected: true,
  },
  {
    name: "Content filtering › Anything-but on an event array whose every element is excluded",
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    event: { detail: { state: ["initializing"] } },
    expected: false,
  },
  {
    name: "Content filtering › Anything-but matches a present null (AWS TestEventPattern)",
    pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    event: { detail: { state: null } },
    expected: true,
  },
];

const NUMERIC_IP_EXISTS: readonly Case[] = [
  {
    name: "Content filtering › Numeric matching example: c-count 5, d-count 3, x-limit 301.8",
    pattern: NUMERIC_EXAMPLE,
    event: { detail: { "c-count": 5, "d-count": 3, "x-limit": 301.8 } },
    expected: true,
  },
  {
    name: "Content filtering › Numeric matching example: c-count 0 is outside (0, 5]",
    pattern: NUMERIC_EXAMPLE,
    event: { detail: { "c-count": 0, "d-count": 3, "x-limit": 301.8 } },
    expected: false,
  },
  {
    name: 'Content filtering › Numeric matching only works with JSON numbers ("5" is a string)',
    pattern: NUMERIC_EXAMPLE,
    event: { detail: { "c-count": "5", "d-count": 3, "x-limit": 301.8 } },
    expected: false,
  },
  {
    name: "Content filtering › IP address matching: 10.0.0.255 is in 10.0.0.0/24",
    pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } },
    event: { detail: { sourceIPAddress: "10.0.0.255" } },
    expected: true,
  },
  {
    name: "Content filtering › IP address matching: 10.0.1.1 is outside 10.0.0.0/24",
    pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } },
    event: { detail: { sourceIPAddress: "10.0.1.1" } },
    expected: false,
  },
  {
    name: "Content filtering › IP address matching also works for IPv6",
    pattern: { detail: { sourceIPAddress: [{ cidr: "2001:db8:1234:1a00::/64" }] } },
    event: { detail: { sourceIPAddress: "2001:0db8:1234:1a00:0000:0000:0000:0001" } },
    expected: true,
  },
  {
    name: "Content filtering › Exists matching: detail.state exists",
    pattern: { detail: { state: [{ exists: true }] } },
    event: { detail: { "instance-id": "i-abcd1111", state: "pending" } },
    expected: true,
  },
  {
    name: "Content filtering › Exists matching: no detail.state, so exists:true fails",
    pattern: { detail: { state: [{ exists: true }] } },
    event: { detail: { "c-count": { c1: 100 } } },
    expected: false,
  },
  {
    name: "Content filtering › Exists matching: exists:false matches when detail.c-count is absent",
    pattern: { detail: { "c-count": [{ exists: false }] } },
    event: { detail: { state: ["initializing", "running"] } },
    expected: true,
  },
  {
    name: "Content filtering › Exists matching only sees leaves: c-count as an object counts as absent",
    pattern: { detail: { "c-count": [{ exists: false }] } },
    event: { detail: { state: ["initializing", "running"], "c-count": { c1: 100 } } },
    expected: true,
  },
  {
    name: "Content filtering › Exists matching: exists:true matches a present null (AWS TestEventPattern)",
    pattern: { detail: { responseElements: [{ exists: true }] } },
    event: AUTOSCALING_LAUNCH,
    expected: true,
  },
  {
    name: "Content filtering › Exists matching: an empty array has no leaf, so exists:true fails",
    pattern: { resources: [{ exists: true }] },
    event: AUTOSCALING_LAUNCH,
    expected: false,
  },
];

const WILDCARD_AND_OR: readonly Case[] = [
  {
    name: "Content filtering › Wildcard matching: any account's event bus ARN in us-east-1",
    pattern: BUS_ARN_WILDCARD,
    event: { EventBusArn: "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus" },
    expected: true,
  },
  {
    name: "Content filtering › Wildcard matching: a us-west-2 bus does not match",
    pattern: BUS_ARN_WILDCARD,
    event: { EventBusArn: "arn:aws:events:us-west-2:123456789012:event-bus/myEventBus" },
    expected: false,
  },
  {
    name: "Content filtering › Wildcard matching: \\* is a literal asterisk",
    pattern: { FileName: [{ wildcard: "report\\*.png" }] },
    event: { FileName: "reportA.png" },
    expected: false,
  },
  {
    name: "Content filtering › Wildcard matching: \\* matches the * character itself",
    pattern: { FileName: [{ wildcard: "report\\*.png" }] },
    event: { FileName: "report*.png" },
    expected: true,
  },
  {
    name: "Content filtering › Complex example with multiple matching",
    pattern: COMPLEX_EXAMPLE,
    event: {
      time: "2017-10-02T16:24:49Z",
      detail: { state: "running", "c-count": 5, "d-count": 3, "x-limit": 301.8 },
    },
    expected: true,
  },
  {
    name: "Content filtering › Complex example with multiple matching: x-limit 300 is excluded",
    pattern: COMPLEX_EXAMPLE,
    event: {
      time: "2017-10-02T16:24:49Z",
      detail: { state: "running", "c-count": 5, "d-count": 3, "x-limit": 300 },
    },
    expected: false,
  },
  {
    name: "Content filtering › Complex example with $or matching: d-count < 10 is enough",
    pattern: OR_INSIDE_DETAIL,
    event: { detail: { "c-count": 0, "d-count": 9, "x-limit": 901.8 } },
    expected: true,
  },
  {
    name: "Content filtering › Complex example with $or matching: no alternative holds",
    pattern: OR_INSIDE_DETAIL,
    event: { detail: { "c-count": 0, "d-count": 10, "x-limit": 901.8 } },
    expected: false,
  },
  {
    name: "Content filtering › $or next to a field: source AND (metricName OR namespace)",
    pattern: OR_WITH_SOURCE,
    event: { source: "aws.cloudwatch", namespace: "AWS/EC2" },
    expected: true,
  },
  {
    name: "Content filtering › $or next to a field: the AND-ed source still has to match",
    pattern: OR_WITH_SOURCE,
    event: { source: "aws.ec2", namespace: "AWS/EC2" },
    expected: false,
  },
];

// The five places where a popular local emulator disagreed with EventBridge.
const EMULATOR_REGRESSIONS: readonly Case[] = [
  {
    name: "emulator regression › Wildcard matching: * spans several path segments",
    pattern: { FileName: [{ wildcard: "/Users/*/doc.txt" }] },
    event: { FileName: "/Users/ls_user/dir/dir/dir/doc.txt" },
    expected: true,
  },
  {
    name: "emulator regression › Anything-but prefix: post-init does not start with init",
    pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    event: { detail: { state: "post-init" } },
    expected: true,
  },
  {
    name: "emulator regression › Anything-but does not match a missing field",
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    event: { detail: {} },
    expected: false,
  },
  {
    name: "emulator regression › Exists:false matches when the whole parent object is missing",
    pattern: { detail: { "c-count": [{ exists: false }] } },
    event: { source: "aws.ec2" },
    expected: true,
  },
  {
    name: "emulator regression › Numeric range [>=, 200, <, 500] includes 200",
    pattern: { detail: { amount: [{ numeric: [">=", 200, "<", 500] }] } },
    event: { detail: { amount: 200 } },
    expected: true,
  },
  {
    name: "emulator regression › Numeric range [>=, 200, <, 500] excludes 500",
    pattern: { detail: { amount: [{ numeric: [">=", 200, "<", 500] }] } },
    event: { detail: { amount: 500 } },
    expected: false,
  },
];

const CASES: readonly Case[] = [
  ...CREATING_PATTERNS,
  ...NULLS_AND_ARRAYS,
  ...PREFIX_SUFFIX_CASE,
  ...ANYTHING_BUT,
  ...NUMERIC_IP_EXISTS,
  ...WILDCARD_AND_OR,
  ...EMULATOR_REGRESSIONS,
];

describe("matchEventPattern", () => {
  it.each(CASES)("$name", ({ pattern, event, expected }) => {
    expect(validateEventPattern(pattern)).toEqual([]);
    expect(matchEventPattern(pattern, event)).toBe(expected);
  });

  it("ignores inherited properties of the event", () => {
    expect(matchEventPattern({ toString: [{ exists: false }] }, {})).toBe(true);
  });
});

// Each pattern is rejected by EventBridge's PutRule/TestEventPattern; the fragment is part of our message.
const INVALID_PATTERNS: readonly { name: string; pattern: unknown; problem: string }[] = [
  { name: "a pattern that is not an object", pattern: ["aws.ec2"], problem: "must be a JSON object" },
  { name: "an empty pattern", pattern: {}, problem: "must not be an empty object" },
  {
    name: "a leaf that is not an array",
    pattern: { source: "aws.ec2" },
    problem: "must be an object or an array",
  },
  { name: "an empty leaf array", pattern: { resources: [] }, problem: "must not be an empty array" },
  {
    name: "an unknown operator",
    pattern: { source: [{ contains: "ec2" }] },
    problem: 'unknown operator "contains"',
  },
  {
    name: "an upper-case operator",
    pattern: { source: [{ EXISTS: true }] },
    problem: 'unknown operator "EXISTS"',
  },
  {
    name: "two operators in one filter",
    pattern: { a: [{ prefix: "x", suffix: "y" }] },
    problem: "exactly one",
  },
  {
    name: "a numeric prefix",
    pattern: { time: [{ prefix: 2017 }] },
    problem: "time[0].prefix must be a string",
  },
  { name: "numeric not given an array", pattern: { n: [{ numeric: 10 }] }, problem: "must be an array" },
  {
    name: "numeric with two lower bounds",
    pattern: { n: [{ numeric: [">", 0, ">", 1] }] },
    problem: '">" then ">"',
  },
  {
    name: "numeric with a missing bound",
    pattern: { n: [{ numeric: [">", 0, "<"] }] },
    problem: "value of <",
  },
  {
    name: "an anything-but of null",
    pattern: { s: [{ "anything-but": null }] },
    problem: "anything-but must be",
  },
  {
    name: "a mixed anything-but list",
    pattern: { s: [{ "anything-but": ["a", 1] }] },
    problem: "only strings",
  },
  {
    name: "an empty anything-but prefix",
    pattern: { s: [{ "anything-but": { prefix: "" } }] },
    problem: "empty",
  },
  { name: "consecutive wildcards", pattern: { s: [{ wildcard: "a**b" }] }, problem: "consecutive wildcard" },
  { name: "a bad wildcard escape", pattern: { s: [{ wildcard: "a\\b" }] }, problem: "invalid escape" },
  { name: "a malformed CIDR", pattern: { ip: [{ cidr: "10.0.0.0" }] }, problem: "malformed CIDR" },
  {
    name: "a CIDR with a bad address",
    pattern: { ip: [{ cidr: "xx.11.xx/8" }] },
    problem: "invalid IP address",
  },
  { name: "exists that is not a boolean", pattern: { s: [{ exists: "yes" }] }, problem: "true or false" },
  {
    name: "$or with a single alternative",
    pattern: { $or: [{ a: ["x"] }] },
    problem: "at least two objects",
  },
];

describe("validateEventPattern", () => {
  it.each(INVALID_PATTERNS)("rejects $name", ({ pattern, problem }) => {
    const problems = validateEventPattern(pattern);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it("reports every problem, each with the path to it", () => {
    const problems = validateEventPattern({ detail: { a: "x", b: [{ numeric: ["<"] }] } });
    expect(problems).toEqual([
      'detail.a must be an object or an array, got "x"',
      "detail.b[0].numeric[1]: value of < must be a number",
    ]);
  });
});

describe("InvalidEventPatternError", () => {
  it("is thrown by matchEventPattern for a malformed pattern, with a stable code and the problems", () => {
    const malformed: EventPattern = { source: "aws.ec2" };
    let caught: unknown;
    try {
      matchEventPattern(malformed, EC2_TERMINATED);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventPatternError);
    const error = caught as InvalidEventPatternError;
    expect(error.code).toBe("MESH.INVALID_EVENT_PATTERN");
    expect(error.name).toBe("InvalidEventPatternError");
    expect(error.problems).toEqual(['source must be an object or an array, got "aws.ec2"']);
  });

  it("is thrown for an unknown operator even when the event would not reach it", () => {
    expect(() => matchEventPattern({ missing: [{ regex: ".*" }] }, {})).toThrow(InvalidEventPatternError);
  });
});
