"""Output: the side effects at the edge: every file written, the caches, the build lock, forked workers, and what every output depends on besides its inputs."""
