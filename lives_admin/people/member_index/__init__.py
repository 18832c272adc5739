"""The local index of the Spot's members (issue 18, Big Spots).

The API finds members only by exact lists (docs/api.md, Spot members), so a name search
over a Spot of 100,000 members cannot ask it. The index is a copy of the directory in the
database (`IndexedMember`), kept by a low-priority task of the job worker:

- `folding`: names and emails lower-cased without accents, the form the index stores;
- `sync`: a full pass (drops the members that left), then incremental passes (the members
  registered or invited since), a full pass again now and then;
- `tasks`: the worker's task, queued on demand when the index is due;
- `lookup`: what the pickers ask (warm or not, a name search, how old it is);
- `priority`: the hook that marks the sync's requests as background.
"""
