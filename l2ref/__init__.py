"""l2ref: the executable reference specification of Layer-2 blockchain protocols."""

__version__ = "0.1.0"
