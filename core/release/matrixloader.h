// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "environmentmatrix.h"

namespace rd::config {
struct Workspace;
}

namespace rd::release {

// Reads what every environment runs of every artifact: environment tag → digest → the version
// tags sharing that digest → revision label (or a sha-<commit> tag, or the environment's git
// branch) → commit and its subject. Blocks on the registry and git: call it from a worker
// thread. A problem with one artifact or cell becomes that cell's error; the rest still loads.
// From a remote registry only the environment tags are resolved; a cell's other tags are those
// its image's labels name (the version tag of org.opencontainers.image.version, the
// sha-<commit> tag of the revision) when the registry lists them — not, say, a `latest` alias.
// An image whose labels name no listed version tag has every version tag resolved instead.
// A local layout lists every tag sharing the digest.
EnvironmentMatrix loadEnvironmentMatrix(const config::Workspace &workspace);

// How many artifacts loadEnvironmentMatrix() reads at once.
inline constexpr int MaxParallelArtifacts = 8;

} // namespace rd::release
