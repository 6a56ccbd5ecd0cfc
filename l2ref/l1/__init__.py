"""The L1 model: the settlement layer every L2 contract runs on. See specs/l1/."""
