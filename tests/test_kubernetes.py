"""The Kubernetes manifests of a use_docker=yes project: valid against a current Kubernetes schema,
consistent with the project (its user, port, health routes, settings, release command), and free
of secret values."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import latest_version

from .support import render

KUBERNETES = Path("deploy/kubernetes")
# Every other option value at least once, each with Docker.
DOCKER_PROJECTS = [
    {"example_domains": "all", "python_version": "3.11", "license": "MIT", "ci": "github"},
    {"example_domains": "catown", "python_version": "3.10", "license": "Apache-2.0", "ci": "none"},
    {
        "example_domains": "connected_developers",
        "python_version": "3.12",
        "license": "BSD-3-Clause",
        "ci": "github",
    },
    {"example_domains": "none", "python_version": "3.13", "license": "Proprietary", "ci": "none"},
]
# Names of settings whose values are secrets: never in a manifest.
SECRET_NAME = re.compile(r"(^DATABASE(_DIRECT)?_URL$|TOKEN|SECRET|PASSWORD|_KEY$)")
# A URL that carries a password: scheme://user:password@host.
CREDENTIAL_URL = re.compile(r"://[^/\s:@]+:[^/\s@]+@")
# The generated README's release section and the commands in its code blocks.
RELEASE_SECTION = re.compile(r"### Releasing\n(.*?)\n### ", re.DOTALL)
CODE_BLOCK = re.compile(r"```bash\n(.*?)```", re.DOTALL)


@pytest.fixture(
    scope="module", params=DOCKER_PROJECTS, ids=lambda answers: answers["example_domains"]
)
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("project"), use_docker="yes", **request.param)


def load(project: Path) -> dict[str, dict[str, Any]]:
    """Every resource the kustomization lists, by kind."""
    kustomization = yaml.safe_load((project / KUBERNETES / "kustomization.yaml").read_text())
    resources: dict[str, dict[str, Any]] = {}
    for name in kustomization["resources"]:
        for document in yaml.safe_load_all((project / KUBERNETES / name).read_text()):
            assert document["kind"] not in resources, f"two {document['kind']}s"
            resources[document["kind"]] = document
    return resources


def strings(node: Any) -> list[str]:
    """Every string in a parsed YAML document, keys included."""
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in strings(key) + strings(value)]
    if isinstance(node, list):
        return [text for item in node for text in strings(item)]
    return [node] if isinstance(node, str) else []


def pod_spec(resource: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = resource["spec"]["template"]["spec"]
    return spec


def settings(resources: dict[str, dict[str, Any]]) -> dict[str, str]:
    data: dict[str, str] = resources["ConfigMap"]["data"]
    return data


def test_the_kustomization_lists_every_manifest(project: Path) -> None:
    folder = project / KUBERNETES
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    on_disk = {path.name for path in folder.glob("*.yaml")} - {"kustomization.yaml"}
    assert sorted(kustomization["resources"]) == sorted(on_disk)
    assert set(load(project)) == {
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Job",
        "PodDisruptionBudget",
        "Service",
    }
    images = {image["name"] for image in kustomization["images"]}
    for kind in ("Deployment", "Job"):
        for container in pod_spec(load(project)[kind])["containers"]:
            assert container["image"] in images, f"kustomize does not set the {kind}'s image"


def test_kustomize_builds_them_with_the_release_image(project: Path) -> None:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl is needed (kustomize is built in): apt-get install kubernetes-client"
    built = subprocess.run(
        [kubectl, "kustomize", str(project / KUBERNETES)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    documents = list(yaml.safe_load_all(built.stdout))
    assert sorted(document["kind"] for document in documents) == sorted(load(project))
    version = re.search(r'^version = "(.+)"$', (project / "pyproject.toml").read_text(), re.M)
    assert version, "pyproject.toml names the project's version"
    images = {
        container["image"]
        for document in documents
        if document["kind"] in ("Deployment", "Job")
        for container in pod_spec(document)["containers"]
    }
    assert images == {f"{project.name}:{version.group(1)}"}


def test_every_manifest_validates_against_the_newest_kubernetes_schema(project: Path) -> None:
    version = latest_version()
    assert tuple(int(part) for part in version.split(".")[:2]) >= (1, 33)
    for kind, resource in load(project).items():
        try:
            kubernetes_validate.validate(resource, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(
                f"{kind} is not valid Kubernetes {version}: {error.message} at {error.path}"
            )


def test_the_pods_run_as_the_images_user_on_a_read_only_root(project: Path) -> None:
    dockerfile = (project / "Dockerfile").read_text()
    uid = int(re.search(r"--uid (\d+)", dockerfile).group(1))  # type: ignore[union-attr]
    for kind in ("Deployment", "Job"):
        spec = pod_spec(load(project)[kind])
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] == uid
        assert spec["automountServiceAccountToken"] is False
        writable = {volume["name"] for volume in spec["volumes"] if "emptyDir" in volume}
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, kind
            assert context["allowPrivilegeEscalation"] is False, kind
            assert context["capabilities"]["drop"] == ["ALL"], kind
            mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
            assert mounts.get("/tmp") in writable, f"{kind}: /tmp is not writable"
            assert {"requests", "limits"} <= set(container["resources"]), kind


def test_the_deployment_probes_the_health_routes_and_outlasts_a_graceful_stop(
    project: Path,
) -> None:
    resources = load(project)
    spec = pod_spec(resources["Deployment"])
    [container] = spec["containers"]
    [port] = container["ports"]
    assert f"EXPOSE {port['containerPort']}" in (project / "Dockerfile").read_text()
    assert container["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": port["name"]}
    assert container["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": port["name"]}
    pre_stop = container["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    values = settings(resources)
    stopping = (
        float(pre_stop[1])
        + float(values["GUNICORN_DRAIN_SECONDS"])
        + float(values["GUNICORN_GRACEFUL_TIMEOUT"])
    )
    assert spec["terminationGracePeriodSeconds"] > stopping


def test_service_budget_and_autoscaler_point_at_the_deployments_pods(project: Path) -> None:
    resources = load(project)
    deployment = resources["Deployment"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert resources["Service"]["spec"]["selector"].items() <= pod_labels.items()
    budget = resources["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"]
    assert budget.items() <= pod_labels.items()
    [port] = pod_spec(deployment)["containers"][0]["ports"]
    assert resources["Service"]["spec"]["ports"][0]["targetPort"] == port["name"]
    autoscaler = resources["HorizontalPodAutoscaler"]
    assert autoscaler["apiVersion"] == "autoscaling/v2"
    target = autoscaler["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert "replicas" not in deployment["spec"], "an apply would undo the autoscaler's count"
    # Release step 2 applies everything but the pods that serve: the settings and the Job.
    for kind, resource in resources.items():
        serving = kind not in ("ConfigMap", "Job")
        assert (resource["metadata"]["labels"]["app.kubernetes.io/component"] == "api") is serving


def test_the_job_runs_the_readme_command_once_within_a_deadline(project: Path) -> None:
    resources = load(project)
    job = resources["Job"]
    [container] = pod_spec(job)["containers"]
    command = shlex.join(container["command"] + container.get("args", []))
    release = RELEASE_SECTION.search((project / "README.md").read_text())
    assert release, "the generated README has a release section"
    lines = [line for block in CODE_BLOCK.findall(release.group(1)) for line in block.splitlines()]
    assert command in lines, f"the README's release does not give the Job's command {command!r}"
    assert command == "python manage.py db upgrade"
    assert job["spec"]["backoffLimit"] == 0
    assert pod_spec(job)["restartPolicy"] == "Never"
    deadline = job["spec"]["activeDeadlineSeconds"]
    assert deadline > float(settings(resources)["MAINTENANCE_DRAIN_TIMEOUT"])
    assert f"job/{job['metadata']['name']}" in release.group(1), "the README waits for the Job"


def test_no_manifest_holds_a_secret_value(project: Path) -> None:
    resources = load(project)
    assert "Secret" not in resources
    names = [name for name in settings(resources) if SECRET_NAME.search(name)]
    assert names == [], f"secrets in the ConfigMap: {names}"
    for path in (project / KUBERNETES).glob("*.yaml"):
        for document in yaml.safe_load_all(path.read_text()):
            for text in strings(document):
                assert not CREDENTIAL_URL.search(text), f"{path.name} holds a password: {text}"
    secret_refs = set()
    for kind in ("Deployment", "Job"):
        for container in pod_spec(resources[kind])["containers"]:
            assert "env" not in container, f"{kind}: settings come from the ConfigMap and Secret"
            secret_refs |= {
                source["secretRef"]["name"]
                for source in container["envFrom"]
                if "secretRef" in source
            }
    [secret] = secret_refs
    assert f"kubectl create secret generic {secret} " in (project / "README.md").read_text()


def test_every_setting_in_the_config_map_is_one_the_project_reads(project: Path) -> None:
    sources = [project / "gunicorn.conf.py", *(project / "src").rglob("*.py")]
    code = "\n".join(path.read_text() for path in sources)
    unknown = [name for name in settings(load(project)) if f'"{name}"' not in code]
    assert unknown == [], f"the ConfigMap sets what nothing reads: {unknown}"
