import { describeComputeProviderContract } from "../computeProviderContract.ts";
import { createLocalComputeProvider } from "./createLocalComputeProvider.ts";
import { createLocalComputeFixture } from "./localComputeFixture.ts";

describeComputeProviderContract("local php -S per tenant", async () => {
  const fixture = await createLocalComputeFixture({ portRange: { from: 21_100, to: 21_199 } });
  const provider = createLocalComputeProvider(fixture.options);
  return {
    provider,
    newInstance: (options) => fixture.newTenant(options),
    // Real processes: poll in real time.
    pause: () => new Promise((resolve) => setTimeout(resolve, 50)),
    healthPolls: 200,
    async dispose() {
      await provider.stopAll();
      await fixture.dispose();
    },
  };
});
