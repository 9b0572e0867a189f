// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "imageconfig.h"
#include "util/error.h"

#include <QStringList>
#include <memory>

namespace rd::config {
struct Registry;
struct Workspace;
} // namespace rd::config

namespace rd::registry {

// Read access to the images of one registry. Calls block; they are made from worker threads,
// and one backend object is used by one thread at a time.
class RegistryBackend
{
public:
    virtual ~RegistryBackend() = default;

    // Every tag of `image`, in no particular order.
    [[nodiscard]] virtual Result<QStringList> tags(const QString &image) = 0;
    // The manifest digest `tag` points at; an error naming the tag when it does not exist.
    [[nodiscard]] virtual Result<QString> resolveTag(const QString &image, const QString &tag) = 0;
    // The config of the image whose manifest has `manifestDigest`.
    [[nodiscard]] virtual Result<ImageConfig> imageConfig(const QString &image, const QString &manifestDigest) = 0;
};

// The backend for a registry of the workspace. This slice reads OCI image-layout directories;
// remote registries (OCI distribution API) are refused with a clear error until that client exists.
[[nodiscard]] Result<std::unique_ptr<RegistryBackend>> openRegistry(const config::Registry &registry,
                                                                    const config::Workspace &workspace);

} // namespace rd::registry
