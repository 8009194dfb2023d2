import { describe, expect, it } from "vitest";
import { belongsTo, clientSecretValue, hostedDomainOf, identityPlan, ssoUrls } from "./identityPlan.ts";

const instance = {
  instanceId: "11111111-1111-4111-8111-111111111111",
  tenantId: "acme",
  environment: "prod",
} as const;

describe("identityPlan", () => {
  it("names everything from the tenant and environment, and keys records by instance", () => {
    expect(identityPlan(instance)).toEqual({
      userPool: "bbws-acme-users",
      domainPrefix: "bbws-acme-prod",
      appClient: "bbws-acme-prod-wordpress",
      secretName: "bbws/acme/prod/sso-client",
      tags: {
        "bbws:tenantId": "acme",
        "bbws:instanceId": instance.instanceId,
        "bbws:environment": "prod",
        "bbws:managedBy": "bbws-instance-management",
      },
      recordKeys: {
        userPool: `identity/user-pool/${instance.instanceId}`,
        appClient: `identity/app-client/${instance.instanceId}`,
      },
    });
  });

  it("sends the browser back to WordPress's login page on the tenant's site", () => {
    expect(ssoUrls("https://acme.sites.example.com/")).toEqual({
      callback: "https://acme.sites.example.com/wp-login.php",
      logout: "https://acme.sites.example.com/wp-login.php?loggedout=true",
    });
    // Every trailing slash goes: a callback of ...//wp-login.php is not the one registered.
    expect(ssoUrls("https://acme.sites.example.com//").callback).toBe(
      "https://acme.sites.example.com/wp-login.php",
    );
    expect(hostedDomainOf("bbws-acme-prod", "auth.eu-west-1.amazoncognito.com")).toBe(
      "bbws-acme-prod.auth.eu-west-1.amazoncognito.com",
    );
  });

  it("recognises a resource as the instance's only by its instanceId tag", () => {
    expect(belongsTo(identityPlan(instance).tags, instance)).toBe(true);
    expect(belongsTo({ "bbws:instanceId": "other" }, instance)).toBe(false);
    expect(belongsTo(undefined, instance)).toBe(false);
    expect(JSON.parse(clientSecretValue({ clientId: "c", clientSecret: "s" }))).toEqual({
      clientId: "c",
      clientSecret: "s",
    });
  });
});
