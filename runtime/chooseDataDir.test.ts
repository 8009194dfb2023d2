import { describe, expect, it } from "vitest";
import { chooseDataDir, DataDirError, type DataDirInput } from "./chooseDataDir.ts";

const CHECKOUT = "/root/bbws/.bbws";
const SYSTEM = "/var/lib/bbws";

/** A machine where the given directories (and everything under them) are private. */
function machine(...privateDirs: string[]): DataDirInput["blockedAt"] {
  return (path) => privateDirs.find((dir) => path === dir || path.startsWith(`${dir}/`));
}

function input(overrides: Partial<DataDirInput>): DataDirInput {
  return {
    uid: 0,
    requested: undefined,
    checkoutDefault: CHECKOUT,
    systemDefault: SYSTEM,
    blockedAt: machine(),
    ...overrides,
  };
}

describe("chooseDataDir as root", () => {
  it("keeps the checkout's .bbws when tenant users can reach it", () => {
    expect(chooseDataDir(input({ checkoutDefault: "/opt/bbws/.bbws" }))).toEqual({
      dataDir: "/opt/bbws/.bbws",
      reason: "in the checkout, which tenant users can reach",
    });
  });

  it("moves to the system location when the checkout is in a private home directory", () => {
    const choice = chooseDataDir(input({ blockedAt: machine("/root") }));
    expect(choice.dataDir).toBe(SYSTEM);
    expect(choice.reason).toBe(
      "the checkout is in /root, which is private: tenant users could not reach /root/bbws/.bbws",
    );
  });

  it("uses a reachable --data-dir as given", () => {
    const choice = chooseDataDir(input({ requested: "/srv/bbws", blockedAt: machine("/root") }));
    expect(choice).toEqual({ dataDir: "/srv/bbws", reason: "chosen with --data-dir (or BBWS_DATA_DIR)" });
  });

  it("refuses an unreachable --data-dir and says to choose another, never to open the home directory", () => {
    const choose = () => chooseDataDir(input({ requested: "/root/data", blockedAt: machine("/root") }));
    expect(choose).toThrow(DataDirError);
    expect(choose).toThrow(
      "tenant sites run as their own users, who cannot reach /root/data: /root is private. " +
        "Choose another data dir outside private directories, e.g. --data-dir /var/lib/bbws",
    );
    expect(choose).not.toThrow(/chmod|o\+x/);
  });

  it("asks for --data-dir when neither default is reachable", () => {
    expect(() => chooseDataDir(input({ blockedAt: machine("/root", "/var/lib") }))).toThrow(
      "tenant users can reach neither /root/bbws/.bbws (/root is private) nor /var/lib/bbws " +
        "(/var/lib is private): choose one with --data-dir",
    );
  });
});

describe("chooseDataDir as another user", () => {
  const reason = "not root: every site runs as you, so no other user needs to reach it";

  it("keeps the checkout's .bbws even in a private home directory: no tenant user exists", () => {
    const home = "/home/ana/bbws/.bbws";
    const blockedAt = machine("/home/ana");
    expect(chooseDataDir(input({ uid: 1000, checkoutDefault: home, blockedAt }))).toEqual({
      dataDir: home,
      reason,
    });
  });

  it("uses --data-dir as given", () => {
    const blockedAt = machine("/home/ana");
    expect(chooseDataDir(input({ uid: 1000, requested: "/home/ana/data", blockedAt }))).toEqual({
      dataDir: "/home/ana/data",
      reason,
    });
  });
});
