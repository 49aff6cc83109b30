/** What a paged review list keeps: the loaded groups of `total`, for one batch. */
interface PagedList<G> {
  batchId: string | null;
  groups: G[];
  total: number;
  set: (patch: { groups: G[]; total: number }) => void;
}

/**
 * The next page of a review list (images or findings), when the reviewer moves or scrolls
 * past what is loaded: one request at a time, shared by whoever asks; a page that arrives
 * after the list changed (another batch, a new filter) is dropped.
 */
export function nextPageLoader<G>(list: () => PagedList<G>, fetchPage: (batchId: string, offset: number) => Promise<{ groups: G[]; total: number }>): () => Promise<boolean> {
  let more: Promise<boolean> | null = null;
  return () => {
    if (more) return more;
    const { batchId, groups, total } = list();
    if (!batchId || groups.length >= total) return Promise.resolve(false);
    more = (async () => {
      try {
        const r = await fetchPage(batchId, groups.length);
        const now = list();
        if (now.batchId === batchId && now.groups.length === groups.length) now.set({ groups: [...now.groups, ...r.groups], total: r.total });
        return r.groups.length > 0;
      } finally {
        more = null;
      }
    })();
    return more;
  };
}
