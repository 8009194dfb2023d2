import { describe, expect, it } from "vitest";
import { isSecretPendingDeletion } from "./isSecretPendingDeletion.ts";

const error = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("isSecretPendingDeletion", () => {
  it("recognises Secrets Manager's answers while a name is being deleted", () => {
    expect(
      isSecretPendingDeletion(
        error(
          "InvalidRequestException",
          "You can't create this secret because a secret with this name is already scheduled for deletion.",
        ),
      ),
    ).toBe(true);
    expect(
      isSecretPendingDeletion(
        error(
          "InvalidRequestException",
          "You can't perform this operation on the secret because it was marked for deletion.",
        ),
      ),
    ).toBe(true);
  });

  it("leaves other invalid requests and other errors alone", () => {
    expect(
      isSecretPendingDeletion(error("InvalidRequestException", "The secret is not a JSON document")),
    ).toBe(false);
    expect(isSecretPendingDeletion(error("ResourceNotFoundException", "scheduled for deletion"))).toBe(false);
    expect(isSecretPendingDeletion(undefined)).toBe(false);
  });
});
