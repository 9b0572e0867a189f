// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace rd::git {

// Whether every object read from a repository is re-hashed and checked against its id
// (libgit2's default: on). git itself checks objects when it receives them (fetch, index-pack)
// and in fsck, not on every read; a large diff spends about a quarter of its time on these
// hashes. Process-wide: set it before git work starts, not while another thread reads.
void setObjectHashVerification(bool enabled);

} // namespace rd::git
