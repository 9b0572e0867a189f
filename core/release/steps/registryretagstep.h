// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/plan.h"

// Registry promotion: point an environment's tag at the promoted version's manifest. Refused
// when the version tag no longer points at the digest the plan was made with; taken back by
// pointing the environment tag at its old digest again. A tag that did not exist is deleted
// again only when asked (deleteWhenNew): registries that delete by digest alone cannot remove
// one tag while others share its image, so the environment tag itself is not.
namespace rd::release {

class RegistryRetagStep final : public Step
{
public:
    struct Target
    {
        config::Registry registry;
        QString workspaceFile;     // to resolve an oci-layout: directory
        QString image;
        QString versionTag;        // the promoted version, e.g. v1.4.2
        QString digest;            // what versionTag pointed at when planned
        QString environmentTag;    // e.g. prod
        QString oldDigest;         // what environmentTag pointed at; empty when it did not exist
        // Take a new tag back by deleting it (also_tag: latest, …). Registries that delete only
        // by digest refuse while another tag shares the image; the undo then fails and says so.
        bool deleteWhenNew = false;
    };
    RegistryRetagStep(Target target, const config::Workspace &workspace);

    QString kind() const override { return QStringLiteral("registry-retag"); }
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    bool canUndo() const override { return !m_target.oldDigest.isEmpty() || m_target.deleteWhenNew; }
    QString undoDescription() const override;
    [[nodiscard]] Result<void> undo(StepContext &context) override;

private:
    Target m_target;
    config::Workspace m_workspace;
};

} // namespace rd::release
