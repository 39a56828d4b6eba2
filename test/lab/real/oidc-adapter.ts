/**
 * oidc-provider's storage for one lab provider: a Map per instance, dropped with it.
 *
 * oidc-provider's built-in memory adapter is one LRU shared by every provider in the process and
 * evicts an entry when its TTL runs out, so an expired refresh token would read as "not found".
 * Here entries stay until the provider stops: the provider itself checks `exp`, and a token the
 * lab stored already expired answers `invalid_grant` as an expired one does in production.
 */
import type { Adapter, AdapterPayload } from "oidc-provider";

export function labAdapterFactory(): (model: string) => Adapter {
  const entries = new Map<string, AdapterPayload>();
  /**
   * `<model>:<grant id>` → the keys of that model's tokens the grant issued: oidc-provider revokes
   * a grant model by model (helpers/revoke.js), as RFC 7009 §2.1 lets revocation cascade.
   */
  const byGrant = new Map<string, Set<string>>();

  return (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    const copy = (payload: AdapterPayload | undefined) => (payload ? { ...payload } : undefined);
    const findBy = (field: "uid" | "userCode", value: string) => {
      for (const [k, payload] of entries) if (k.startsWith(`${model}:`) && payload[field] === value) return copy(payload);
      return undefined;
    };
    return {
      async upsert(id, payload) {
        entries.set(key(id), { ...payload });
        if (payload.grantId) {
          const keys = byGrant.get(key(payload.grantId)) ?? new Set<string>();
          keys.add(key(id));
          byGrant.set(key(payload.grantId), keys);
        }
      },
      async find(id) {
        return copy(entries.get(key(id)));
      },
      async findByUid(uid) {
        return findBy("uid", uid);
      },
      async findByUserCode(userCode) {
        return findBy("userCode", userCode);
      },
      async consume(id) {
        const payload = entries.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const k of byGrant.get(key(grantId)) ?? []) entries.delete(k);
        byGrant.delete(key(grantId));
      },
    };
  };
}
