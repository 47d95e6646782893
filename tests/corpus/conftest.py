"""The development corpus: instruction cases on pages nobody tuned the resolver to."""
