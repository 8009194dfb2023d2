import { describeLedgerStoreContract } from "../ledgerStoreContract.ts";
import { createMemoryLedgerStore } from "./createMemoryLedgerStore.ts";

describeLedgerStoreContract("memory", () => createMemoryLedgerStore());
