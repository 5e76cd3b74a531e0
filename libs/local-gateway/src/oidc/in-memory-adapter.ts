import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

// oidc-provider's storage interface, kept in one Map per issuer. The issuer lives only as
// long as the process (sessions, codes and tokens of test users), so memory is the right store.
interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** An adapter factory for oidc-provider whose models share one in-process store. */
export function createInMemoryAdapter(): AdapterFactory {
  const entries = new Map<string, Entry>();
  const indexes = new Map<string, string>(); // `uid:<uid>` / `userCode:<code>` → model key

  const live = (key: string | undefined): AdapterPayload | undefined => {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  return (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        entries.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
        if (model === 'Session' && payload.uid) indexes.set(`uid:${payload.uid}`, key);
        if (payload.userCode) indexes.set(`userCode:${payload.userCode}`, key);
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        return live(indexes.get(`uid:${uid}`));
      },
      async findByUserCode(userCode) {
        return live(indexes.get(`userCode:${userCode}`));
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const [key, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(key);
      },
    };
  };
}
