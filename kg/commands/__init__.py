"""Sub-commands of the clusterkg command line, one module each."""
