#!/usr/bin/python3
"""Checks the Kubernetes manifests as kustomize renders them, against the binaries they run.

Renders every overlay in deploy/k8s/overlays with a pinned kustomize (tools/kustomize) and reads
the objects, then checks what a review would: probes, resources and the hardened security
context of every workload; named Service ports with appProtocol grpc; images by tag or digest,
never `latest`; every Secret and ConfigMap a pod reads either rendered or documented as external
(deploy/README.md's table); NetworkPolicies that select real pods and let each service reach
what its flags say it calls; a PodDisruptionBudget and a HorizontalPodAutoscaler per Deployment
in prod; scrape targets; and, by running each server binary with --helpfull, that every flag
in a container's command is one the binary accepts and every containerPort is one it listens on.
It also checks the alert rules (deploy/k8s/alerts) against the metrics the code defines and
the runbook (deploy/RUNBOOK.md).

    manifest_check.py --repo . --kustomize build/kustomize/kustomize \\
        --binary intake_server=build/services/intake/intake_server ...

Prints each problem as `overlay: Kind/name: what is wrong` and exits 1 when there is one.
manifest_check_test.py breaks the rendered manifests on purpose and checks each break is named.
"""

import argparse
import base64
import copy
import glob
import os
import re
import subprocess
import sys
import urllib.parse

import yaml

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "Job")
# Where the image keeps the servers; a container of the Meridian image runs one of them, or
# (an init container) `install`, which copies a key out of a Secret.
SERVER_DIR = "/usr/local/bin/"
INSTALL = "/usr/bin/install"
# Flags that name where a server listens: every containerPort must be one of their ports.
LISTEN_FLAGS = ("listen_address", "metrics_listen_address", "health_listen_address")
# File flags whose file the server writes itself (so nothing has to provide it).
WRITTEN_FILE_FLAGS = ("bootstrap_admin_key_file",)
# absl::StatusCodeToString's names: the `code` label of meridian_rpc_requests_total.
STATUS_CODES = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
    "UNAUTHENTICATED",
}
# Labels a scrape adds (target labels, the pod's `app`) and histograms' `le`.
SCRAPE_LABELS = {"namespace", "app", "pod", "job", "instance", "service", "container", "le"}
PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
                "unless", "bool", "offset"}


# ---------------------------------------------------------------------------------------------
# What the repository says: flags of each binary, metrics and their labels, the gRPC services
# in proto/, the runbook's entries, the external Secrets the README documents.

class Context:
    def __init__(self, repo, binaries):
        self.repo = repo
        self.flags = {name: binary_flags(path) for name, path in binaries.items()}
        self.metrics, self.metric_labels = code_metrics(repo)
        self.grpc_services, self.rpcs = proto_services(repo)
        self.runbook_anchors = markdown_anchors(os.path.join(repo, "deploy", "RUNBOOK.md"))
        self.external_secrets = readme_external_secrets(os.path.join(repo, "deploy", "README.md"))
        with open(os.path.join(repo, "deploy", "k8s", "alerts", "meridian-alerts.yaml")) as f:
            self.alerts = yaml.safe_load(f)


def binary_flags(path):
    """{flag: is_bool} from `path --helpfull` (absl prints `    --name (help); default: v;`)."""
    out = subprocess.run([path, "--helpfull"], capture_output=True, text=True, timeout=60)
    text = out.stdout + out.stderr
    flags = {}
    # One entry per flag, from its `--name (` line to the next one; the help may wrap.
    for entry in re.split(r"^ {4}(?=--[a-z0-9_]+ \()", text, flags=re.MULTILINE)[1:]:
        name = re.match(r"--([a-z0-9_]+) ", entry).group(1)
        default = re.search(r"\);\s+default: ([^;]*);", entry)
        flags[name] = default is not None and default.group(1).strip() in ("true", "false")
    if not flags:
        raise SystemExit(f"manifest_check: `{path} --helpfull` listed no flags:\n{text[:2000]}")
    return flags


def code_metrics(repo):
    """The metric names the C++ code registers, and the label names it gives them."""
    names, labels = set(), set()
    for path in glob.glob(os.path.join(repo, "common", "**", "*.cc"), recursive=True) + \
            glob.glob(os.path.join(repo, "services", "**", "*.cc"), recursive=True):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        names.update(re.findall(r'\.Name\("(meridian_[a-z0-9_]+)"\)', text))
        for call in re.findall(r"\.Add\(\s*\{(\{.*?\})\s*\}", text, re.DOTALL):
            labels.update(re.findall(r'\{"([a-z_]+)",', call))
    return names, labels


def proto_services(repo):
    """Fully qualified gRPC service names (meridian.intake.v1.IntakeService) and RPC names."""
    services, rpcs = set(), set()
    for path in glob.glob(os.path.join(repo, "proto", "meridian", "**", "*.proto"), recursive=True):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        package = re.search(r"^package ([a-z0-9_.]+);", text, re.MULTILINE)
        for service in re.findall(r"^service (\w+) \{", text, re.MULTILINE):
            services.add(f"{package.group(1)}.{service}")
        rpcs.update(re.findall(r"^\s*rpc (\w+)\(", text, re.MULTILINE))
    return services, rpcs


def markdown_anchors(path):
    """GitHub's anchors for the file's headings: lower case, punctuation gone, spaces to -."""
    anchors = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            heading = re.match(r"^#+ (.*)$", line.rstrip())
            if heading:
                text = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower())
                anchors.add(text.replace(" ", "-"))
    return anchors


def readme_external_secrets(path):
    """{name: {keys}} from the table between the external-secrets markers of deploy/README.md."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    block = re.search(r"<!-- external-secrets:begin.*?-->(.*?)<!-- external-secrets:end -->",
                      text, re.DOTALL)
    if not block:
        raise SystemExit(f"manifest_check: {path} has no external-secrets:begin/end table")
    secrets = {}
    for row in block.group(1).splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith("`"):
            secrets[cells[0].strip("`")] = set(re.findall(r"`([^`]+)`", cells[1]))
    return secrets


# ---------------------------------------------------------------------------------------------
# Rendering

def render(kustomize, overlay_dir):
    out = subprocess.run([kustomize, "build", overlay_dir], capture_output=True, text=True,
                         timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"kustomize build {overlay_dir} failed:\n{out.stderr}")
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def overlays(repo):
    root = os.path.join(repo, "deploy", "k8s", "overlays")
    return sorted(d for d in os.listdir(root)
                  if os.path.isfile(os.path.join(root, d, "kustomization.yaml")))


# ---------------------------------------------------------------------------------------------
# Helpers on objects

def ref(doc):
    return f"{doc['kind']}/{doc['metadata']['name']}"


def pod_spec(doc):
    if doc["kind"] in ("Deployment", "StatefulSet", "Job"):
        return doc["spec"]["template"]["spec"]
    return None


def pod_labels(doc):
    return doc["spec"]["template"]["metadata"].get("labels", {})


def all_containers(spec):
    return [("initContainer", c) for c in spec.get("initContainers", [])] + \
        [("container", c) for c in spec.get("containers", [])]


def selector_matches(selector, labels):
    """A LabelSelector (matchLabels and matchExpressions) against a label set. {} matches all."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], \
            expression.get("values", [])
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and labels.get(key) in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


def command_of(container):
    return list(container.get("command") or []) + list(container.get("args") or [])


def parse_flags(arguments):
    """[(name, value)] for `--name=value` and `--name` ("true"); other words as (None, word)."""
    parsed = []
    for word in arguments:
        match = re.fullmatch(r"--([A-Za-z0-9_]+)(?:=(.*))?", word, re.DOTALL)
        if not match:
            parsed.append((None, word))
        else:
            # A bare --flag is a boolean set to true.
            parsed.append((match.group(1), "true" if match.group(2) is None else match.group(2)))
    return parsed


def port_of(address):
    match = re.search(r":(\d+)$", address or "")
    return int(match.group(1)) if match else None


def container_ports(container):
    return {p.get("name"): p["containerPort"] for p in container.get("ports", [])}


def workload_ports(doc):
    """{name: number} and {numbers} over every container of the workload's pods."""
    named, numbers = {}, set()
    for _, container in all_containers(pod_spec(doc)):
        for port in container.get("ports", []):
            numbers.add(port["containerPort"])
            if port.get("name"):
                named[port["name"]] = port["containerPort"]
    return named, numbers


def mount_for(container, path):
    """The volumeMount of `container` that holds `path`, or None."""
    best = None
    for mount in container.get("volumeMounts", []):
        root = mount["mountPath"].rstrip("/") + "/"
        if path.startswith(root) and (best is None or len(root) > len(best["mountPath"]) + 1):
            best = mount
    return best


def image_name(image):
    """The image's last path component without tag or digest: `meridian` for r.io/meridian:1."""
    return image.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0]


def image_problem(image):
    name = image.split("@", 1)[0]
    if "@" in image:
        return None
    last = name.rsplit("/", 1)[-1]
    if ":" not in last:
        return f"image {image!r} has no tag or digest"
    if last.rsplit(":", 1)[1] == "latest":
        return f"image {image!r} uses the `latest` tag"
    return None


# ---------------------------------------------------------------------------------------------
# The checks of one rendered overlay

class OverlayCheck:
    def __init__(self, name, docs, context):
        self.name = name
        self.docs = docs
        self.context = context
        self.errors = []
        self.workloads = [d for d in docs if d["kind"] in WORKLOAD_KINDS]
        self.by_kind = {}
        for doc in docs:
            self.by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc

    def error(self, doc, message):
        where = ref(doc) if doc else "overlay"
        self.errors.append(f"{self.name}: {where}: {message}")

    def named(self, kind):
        return self.by_kind.get(kind, {})

    def run(self):
        for doc in self.workloads:
            self.check_workload(doc)
        for doc in self.named("Service").values():
            self.check_service(doc)
        self.check_config_references()
        for doc in self.named("NetworkPolicy").values():
            self.check_network_policy(doc)
        self.check_every_workload_isolated()
        self.check_calls_allowed()
        if self.name == "prod":
            self.check_prod()
        if self.name == "dev":
            self.check_dev()
        return self.errors

    # --- workloads

    def check_workload(self, doc):
        spec = pod_spec(doc)
        if spec.get("automountServiceAccountToken") is not False:
            self.error(doc, "automountServiceAccountToken must be false")
        account = spec.get("serviceAccountName")
        if not account:
            self.error(doc, "names no serviceAccountName (the default account would be used)")
        elif account not in self.named("ServiceAccount"):
            self.error(doc, f"its ServiceAccount {account!r} is not rendered")
        elif self.named("ServiceAccount")[account].get("automountServiceAccountToken") is not False:
            self.error(doc, f"ServiceAccount {account!r} must set "
                            "automountServiceAccountToken: false")
        pod_security = spec.get("securityContext") or {}
        for kind, container in all_containers(spec):
            where = f"{kind} {container['name']}"
            security = container.get("securityContext") or {}
            if not (security.get("runAsNonRoot", pod_security.get("runAsNonRoot")) is True):
                self.error(doc, f"{where}: runAsNonRoot must be true")
            seccomp = (security.get("seccompProfile") or pod_security.get("seccompProfile") or {})
            if seccomp.get("type") != "RuntimeDefault":
                self.error(doc, f"{where}: seccompProfile must be RuntimeDefault")
            if security.get("readOnlyRootFilesystem") is not True:
                self.error(doc, f"{where}: readOnlyRootFilesystem must be true")
            if security.get("allowPrivilegeEscalation") is not False:
                self.error(doc, f"{where}: allowPrivilegeEscalation must be false")
            if security.get("privileged") is True:
                self.error(doc, f"{where}: must not be privileged")
            if "ALL" not in ((security.get("capabilities") or {}).get("drop") or []):
                self.error(doc, f"{where}: capabilities must drop ALL")
            resources = container.get("resources") or {}
            for part in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if resource not in (resources.get(part) or {}):
                        self.error(doc, f"{where}: no {resource} in resources.{part}")
            problem = image_problem(container.get("image", ""))
            if problem:
                self.error(doc, f"{where}: {problem}")
            if kind == "container" and doc["kind"] in ("Deployment", "StatefulSet"):
                for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                    if probe not in container:
                        self.error(doc, f"{where}: no {probe}")
            self.check_command(doc, kind, container)
        if doc["kind"] == "Deployment":
            self.check_scrape_annotations(doc)

    def check_command(self, doc, kind, container):
        words = command_of(container)
        runs_server = bool(words) and words[0].startswith(SERVER_DIR)
        if not runs_server:
            if words and words[0] == INSTALL:
                self.check_install(doc, container)
            elif image_name(container.get("image", "")) == "meridian":
                self.error(doc, f"{kind} {container['name']}: the Meridian image runs a server "
                                f"from {SERVER_DIR} or {INSTALL}, not {words[:1]}")
            return
        binary = words[0][len(SERVER_DIR):]
        where = f"{kind} {container['name']} ({binary})"
        if binary not in self.context.flags:
            self.error(doc, f"{where}: {words[0]} is not a binary the build makes "
                            f"({', '.join(sorted(self.context.flags))})")
            return
        known = self.context.flags[binary]
        flags = {}
        for name, value in parse_flags(words[1:]):
            if name is None:
                self.error(doc, f"{where}: {value!r} is not a --flag")
                continue
            base = name
            if name not in known and name.startswith("no") and known.get(name[2:]):
                base, value = name[2:], "false"
            if base not in known:
                self.error(doc, f"{where}: --{name} is not a flag of {binary} "
                                f"(`{binary} --helpfull` lists them)")
                continue
            flags[base] = value
        for env in container.get("env", []):
            if env["name"].startswith("MERIDIAN_"):
                if env["name"][len("MERIDIAN_"):].lower() not in known:
                    self.error(doc, f"{where}: env {env['name']} is no flag's variable")
        self.check_ports(doc, where, container, flags)
        self.check_files(doc, where, container, flags)
        if kind == "container":
            self.check_probe_services(doc, where, container)
        doc.setdefault("_flags", {})[container["name"]] = (binary, flags)

    def check_ports(self, doc, where, container, flags):
        listening = {}
        for flag in LISTEN_FLAGS:
            if flags.get(flag):
                port = port_of(flags[flag])
                if port is None:
                    self.error(doc, f"{where}: --{flag}={flags[flag]} has no port")
                listening[port] = flag
        declared = container_ports(container)
        for name, number in declared.items():
            if number not in listening:
                self.error(doc, f"{where}: containerPort {name or ''} {number} is none of the "
                                f"ports it listens on ({format_listening(listening)})")
        for port, flag in listening.items():
            if port not in declared.values():
                self.error(doc, f"{where}: --{flag} listens on {port}, which no containerPort "
                                "declares")
        for probe_name in ("readinessProbe", "livenessProbe", "startupProbe"):
            probe = container.get(probe_name)
            if not probe:
                continue
            for handler in ("grpc", "tcpSocket", "httpGet"):
                if handler in probe:
                    port = probe[handler].get("port")
                    number = declared.get(port) if isinstance(port, str) else port
                    if number not in listening:
                        self.error(doc, f"{where}: {probe_name} port {port} is none of the ports "
                                        f"it listens on ({format_listening(listening)})")

    def check_probe_services(self, doc, where, container):
        for probe_name in ("readinessProbe", "livenessProbe", "startupProbe"):
            service = ((container.get(probe_name) or {}).get("grpc") or {}).get("service")
            if service and service not in self.context.grpc_services:
                self.error(doc, f"{where}: {probe_name} asks for {service!r}, which is no "
                                "gRPC service in proto/")

    def check_files(self, doc, where, container, flags):
        spec = pod_spec(doc)
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for flag, value in flags.items():
            if not flag.endswith("_file") or not value:
                continue
            mount = mount_for(container, value)
            if mount is None:
                self.error(doc, f"{where}: --{flag}={value} is in no volume the container mounts")
                continue
            written = flag in WRITTEN_FILE_FLAGS or (
                flag == "peer_key_file" and flags.get("peer_key_bootstrap", "false") != "false")
            if written:
                if mount.get("readOnly"):
                    self.error(doc, f"{where}: --{flag} is written, but {mount['mountPath']} is "
                                    "mounted read-only")
                continue
            volume = volumes.get(mount["name"], {})
            if "secret" in volume or "configMap" in volume:
                continue
            installers = [c for c in spec.get("initContainers", [])
                          if command_of(c)[:1] == [INSTALL] and command_of(c)[-1] == value]
            if not installers:
                self.error(doc, f"{where}: nothing provides --{flag}={value} (no Secret mounted "
                                "there, and no init container installs it)")

    def check_install(self, doc, container):
        words = command_of(container)
        where = f"initContainer {container['name']}"
        volumes = {v["name"]: v for v in pod_spec(doc).get("volumes", [])}
        sources = [w for w in words[1:-1] if w.startswith("/")]
        if not sources:
            self.error(doc, f"{where}: install names no source file")
        for source in sources:
            mount = mount_for(container, source)
            volume = volumes.get(mount["name"], {}) if mount else {}
            if "secret" not in volume:
                self.error(doc, f"{where}: {source} is in no Secret volume it mounts")
                continue
            secret = volume["secret"]["secretName"]
            key = source[len(mount["mountPath"].rstrip("/")) + 1:]
            doc.setdefault("_secret_keys", []).append((secret, key, where))
        if mount_for(container, words[-1]) is None:
            self.error(doc, f"{where}: {words[-1]} is in no volume it mounts")

    def check_scrape_annotations(self, doc):
        annotations = doc["spec"]["template"]["metadata"].get("annotations") or {}
        named, _ = workload_ports(doc)
        if annotations.get("prometheus.io/scrape") != "true":
            self.error(doc, "no prometheus.io/scrape: \"true\" annotation on its pods")
        if "metrics" not in named:
            self.error(doc, "no container port named `metrics`")
        elif annotations.get("prometheus.io/port") != str(named["metrics"]):
            self.error(doc, f"prometheus.io/port is {annotations.get('prometheus.io/port')!r}, "
                            f"the metrics port is {named['metrics']}")
        if annotations.get("prometheus.io/path", "/metrics") != "/metrics":
            self.error(doc, "prometheus.io/path must be /metrics")

    # --- services

    def selected_workloads(self, selector):
        return [w for w in self.workloads if selector_matches(selector, pod_labels(w))]

    def check_service(self, doc):
        spec = doc["spec"]
        targets = self.selected_workloads({"matchLabels": spec.get("selector") or {}}) \
            if spec.get("selector") else []
        if not targets:
            self.error(doc, "its selector matches no pods")
        for port in spec.get("ports", []):
            label = port.get("name") or port.get("port")
            if not port.get("name"):
                self.error(doc, f"port {port.get('port')} has no name")
            target = port.get("targetPort", port.get("port"))
            is_grpc = port.get("name") == "grpc"
            for workload in targets:
                named, numbers = workload_ports(workload)
                if isinstance(target, str) and target not in named:
                    self.error(doc, f"port {label}: targetPort {target!r} is no container port "
                                    f"of {ref(workload)}")
                if isinstance(target, int) and target not in numbers:
                    self.error(doc, f"port {label}: targetPort {target} is no container port "
                                    f"of {ref(workload)}")
                if target == "grpc" or named.get("grpc") == target:
                    is_grpc = True
            if is_grpc and port.get("name") != "grpc":
                self.error(doc, f"port {label} serves gRPC but is not named `grpc`")
            if is_grpc and port.get("appProtocol") != "grpc":
                self.error(doc, f"port {label}: appProtocol must be grpc")

    # --- Secrets and ConfigMaps

    def check_config_references(self):
        references = []  # (kind, name, key or None, doc, where)
        for doc in self.workloads:
            spec = pod_spec(doc)
            for _, container in all_containers(spec):
                for env in container.get("env", []):
                    source = env.get("valueFrom") or {}
                    if "secretKeyRef" in source:
                        references.append(("Secret", source["secretKeyRef"]["name"],
                                           source["secretKeyRef"].get("key"), doc,
                                           f"env {env['name']}"))
                    if "configMapKeyRef" in source:
                        references.append(("ConfigMap", source["configMapKeyRef"]["name"],
                                           source["configMapKeyRef"].get("key"), doc,
                                           f"env {env['name']}"))
                for env_from in container.get("envFrom", []):
                    for kind, field in (("Secret", "secretRef"), ("ConfigMap", "configMapRef")):
                        if field in env_from:
                            references.append((kind, env_from[field]["name"], None, doc, "envFrom"))
            for volume in spec.get("volumes", []):
                sources = [volume] + [s for s in (volume.get("projected") or {}).get("sources", [])]
                for source in sources:
                    if "secret" in source:
                        name = source["secret"].get("secretName") or source["secret"].get("name")
                        references.append(("Secret", name, None, doc, f"volume {volume['name']}"))
                    if "configMap" in source:
                        references.append(("ConfigMap", source["configMap"]["name"], None, doc,
                                           f"volume {volume['name']}"))
            for secret, key, where in doc.get("_secret_keys", []):
                references.append(("Secret", secret, key, doc, where))
        used_external = set()
        for kind, name, key, doc, where in references:
            rendered = self.named(kind).get(name)
            if rendered is not None:
                keys = set((rendered.get("data") or {}).keys()) | \
                    set((rendered.get("stringData") or {}).keys())
                if key is not None and key not in keys:
                    self.error(doc, f"{where}: {kind} {name} has no key {key!r}")
                continue
            documented = self.context.external_secrets.get(name) if kind == "Secret" else None
            if documented is None:
                self.error(doc, f"{where}: {kind} {name!r} is neither rendered nor documented as "
                                "external (deploy/README.md's external Secrets table)")
                continue
            used_external.add(name)
            if self.name == "dev":
                self.error(doc, f"{where}: the dev overlay must render every Secret it uses, "
                                f"not {name!r}")
            if key is not None and key not in documented:
                self.error(doc, f"{where}: Secret {name} is documented with keys "
                                f"{sorted(documented)}, not {key!r}")
        if self.name == "prod":
            for name in sorted(set(self.context.external_secrets) - used_external):
                self.error(None, f"deploy/README.md documents the external Secret {name!r}, "
                                 "which nothing reads")

    # --- network policies

    def check_network_policy(self, doc):
        spec = doc["spec"]
        targets = self.selected_workloads(spec.get("podSelector"))
        if not targets:
            self.error(doc, "its podSelector selects no pod")
        for direction, peers_field in (("ingress", "from"), ("egress", "to")):
            for number, rule in enumerate(spec.get(direction) or []):
                peer_workloads = []
                for peer in rule.get(peers_field) or []:
                    if "podSelector" in peer and "namespaceSelector" not in peer:
                        selected = self.selected_workloads(peer["podSelector"])
                        if not selected:
                            self.error(doc, f"{direction} rule {number}: podSelector "
                                            f"{peer['podSelector']} selects no pod")
                        peer_workloads += selected
                # A named port is the destination pod's: the targets' for ingress, the peers'
                # for egress.
                destinations = targets if direction == "ingress" else peer_workloads
                for port in rule.get("ports") or []:
                    value = port.get("port")
                    for workload in destinations:
                        named, numbers = workload_ports(workload)
                        if isinstance(value, str) and value not in named:
                            self.error(doc, f"{direction} rule {number}: port {value!r} is no "
                                            f"named port of {ref(workload)}")
                        if isinstance(value, int) and value not in numbers and \
                                "endPort" not in port:
                            self.error(doc, f"{direction} rule {number}: port {value} is no "
                                            f"container port of {ref(workload)}")

    def policies_for(self, workload, policy_type):
        return [p for p in self.named("NetworkPolicy").values()
                if policy_type in (p["spec"].get("policyTypes") or ["Ingress"])
                and selector_matches(p["spec"].get("podSelector"), pod_labels(workload))]

    def check_every_workload_isolated(self):
        for workload in self.workloads:
            for policy_type in ("Ingress", "Egress"):
                if not self.policies_for(workload, policy_type):
                    self.error(workload, f"no NetworkPolicy limits its {policy_type.lower()}")

    def allows(self, policy_owner, policy_type, peer, port):
        """Whether `policy_owner`'s policies of `policy_type` let it talk to the workload
        `peer` (a workload, or an ipBlock string for outside the cluster) on container port
        `port` of the destination."""
        policies = self.policies_for(policy_owner, policy_type)
        if not policies:
            return True
        direction, peers_field = \
            ("ingress", "from") if policy_type == "Ingress" else ("egress", "to")
        destination = policy_owner if policy_type == "Ingress" else peer
        for policy in policies:
            for rule in policy["spec"].get(direction) or []:
                if not self.port_allowed(rule.get("ports"), destination, port):
                    continue
                peers = rule.get(peers_field)
                if not peers:
                    return True
                for candidate in peers:
                    if isinstance(peer, str):
                        if "ipBlock" in candidate:
                            return True
                    elif "podSelector" in candidate and "namespaceSelector" not in candidate \
                            and selector_matches(candidate["podSelector"], pod_labels(peer)):
                        return True
        return False

    @staticmethod
    def port_allowed(ports, destination, port):
        if not ports:
            return True
        named = workload_ports(destination)[0] if not isinstance(destination, str) else {}
        for entry in ports:
            value = entry.get("port")
            if value is None or value == port or named.get(value) == port:
                return True
            end = entry.get("endPort")
            if isinstance(value, int) and end and value <= port <= end:
                return True
        return False

    def check_calls_allowed(self):
        """Each service's calls (its --*_address flags) and its database are allowed both ways."""
        database = self.database_destination()
        for workload in self.workloads:
            for _, (binary, flags) in workload.get("_flags", {}).items():
                for flag, value in flags.items():
                    if not flag.endswith("_address") or flag in LISTEN_FLAGS or not value:
                        continue
                    self.check_call(workload, flag, value)
                if database is not None and any(
                        e["name"] == "MERIDIAN_DATABASE_URL"
                        for c in pod_spec(workload)["containers"] for e in c.get("env", [])):
                    self.check_database_call(workload, database)

    def check_call(self, workload, flag, value):
        match = re.fullmatch(r"dns:///([a-z0-9-]+):(\d+)", value)
        if not match:
            self.error(workload, f"--{flag}={value}: calls between services go to "
                                 "dns:///<headless Service>:<port> (round robin over its pods)")
            return
        service = self.named("Service").get(match.group(1))
        if service is None:
            self.error(workload, f"--{flag}={value}: no Service {match.group(1)!r} is rendered")
            return
        if service["spec"].get("clusterIP") != "None":
            self.error(workload, f"--{flag}={value}: Service {match.group(1)} is not headless, "
                                 "so DNS gives one virtual IP and round robin has one address")
        port = next((p for p in service["spec"].get("ports", [])
                     if p["port"] == int(match.group(2))), None)
        if port is None:
            self.error(workload, f"--{flag}={value}: Service {match.group(1)} has no port "
                                 f"{match.group(2)}")
            return
        for destination in self.selected_workloads({"matchLabels": service["spec"]["selector"]}):
            target = port.get("targetPort", port["port"])
            number = workload_ports(destination)[0].get(target, target)
            name = workload["metadata"]["name"]
            other = destination["metadata"]["name"]
            if not self.allows(workload, "Egress", destination, number):
                self.error(workload, f"--{flag}: its NetworkPolicies do not let {name} reach "
                                     f"{other} on port {number}")
            if not self.allows(destination, "Ingress", workload, number):
                self.error(destination, f"its NetworkPolicies do not let {name} in on port "
                                        f"{number} (--{flag} of {name})")

    def database_destination(self):
        """(workloads or the string "external", port) of the database the services use."""
        for secret in self.named("Secret").values():
            url = (secret.get("stringData") or {}).get("url")
            if url is None and "url" in (secret.get("data") or {}):
                url = base64.b64decode(secret["data"]["url"]).decode()
            if url and url.startswith("postgresql://"):
                parsed = urllib.parse.urlparse(url)
                service = self.named("Service").get(parsed.hostname)
                if service is None:
                    self.error(secret, f"the database URL's host {parsed.hostname!r} is no "
                                       "rendered Service")
                    return None
                return (self.selected_workloads({"matchLabels": service["spec"]["selector"]}),
                        parsed.port or 5432)
        return ("external", 5432)

    def check_database_call(self, workload, database):
        destinations, port = database
        name = workload["metadata"]["name"]
        if destinations == "external":
            if not self.allows(workload, "Egress", "external", port):
                self.error(workload, f"its NetworkPolicies do not let {name} reach the "
                                     f"database on port {port}")
            return
        for destination in destinations:
            if not self.allows(workload, "Egress", destination, port):
                self.error(workload, f"its NetworkPolicies do not let {name} reach the "
                                     f"database {ref(destination)} on port {port}")
            if not self.allows(destination, "Ingress", workload, port):
                self.error(destination, f"its NetworkPolicies do not let {name} in on port {port}")

    # --- per environment

    def check_prod(self):
        deployments = self.named("Deployment").values()
        for deployment in deployments:
            labels = pod_labels(deployment)
            name = deployment["metadata"]["name"]
            if not any(selector_matches(p["spec"].get("selector"), labels)
                       for p in self.named("PodDisruptionBudget").values()):
                self.error(deployment, "no PodDisruptionBudget selects its pods")
            autoscalers = [h for h in self.named("HorizontalPodAutoscaler").values()
                           if h["spec"]["scaleTargetRef"].get("kind") == "Deployment"
                           and h["spec"]["scaleTargetRef"].get("name") == name]
            if not autoscalers:
                self.error(deployment, "no HorizontalPodAutoscaler scales it")
            for autoscaler in autoscalers:
                if autoscaler["spec"].get("minReplicas", 1) < 2:
                    self.error(autoscaler, "minReplicas must be at least 2 in prod")
            affinity = pod_spec(deployment).get("affinity") or {}
            if "podAntiAffinity" not in affinity:
                self.error(deployment, "no podAntiAffinity: its replicas may share a node")
            if not self.scraped_by_service_monitor(deployment):
                self.error(deployment, "no ServiceMonitor scrapes its `metrics` port")
        rules = self.named("PrometheusRule")
        if not rules:
            self.error(None, "no PrometheusRule")
        for rule in rules.values():
            if rule["spec"].get("groups") != self.context.alerts.get("groups"):
                self.error(rule, "its groups differ from deploy/k8s/alerts/meridian-alerts.yaml: "
                                 "change both")

    def scraped_by_service_monitor(self, deployment):
        for monitor in self.named("ServiceMonitor").values():
            ports = {e.get("port") for e in monitor["spec"].get("endpoints", [])}
            for service in self.named("Service").values():
                if not selector_matches(monitor["spec"].get("selector"),
                                        service["metadata"].get("labels", {})):
                    continue
                if not selector_matches({"matchLabels": service["spec"].get("selector") or {}},
                                        pod_labels(deployment)):
                    continue
                if "metrics" in ports and any(p.get("name") == "metrics"
                                              for p in service["spec"].get("ports", [])):
                    return True
        return False

    def check_dev(self):
        for deployment in self.named("Deployment").values():
            if deployment["spec"].get("replicas") != 1:
                self.error(deployment, "the dev overlay runs one replica of each service")


def format_listening(listening):
    return ", ".join(f"--{flag} {port}" for port, flag in sorted(listening.items(),
                                                                 key=lambda i: str(i[0]))) \
        or "none"


# ---------------------------------------------------------------------------------------------
# Alert rules

def check_alerts(context):
    errors = []
    groups = (context.alerts or {}).get("groups") or []
    if not groups:
        return ["alerts: deploy/k8s/alerts/meridian-alerts.yaml has no groups"]
    names = set()
    for group in groups:
        for rule in group.get("rules") or []:
            name = rule.get("alert") or rule.get("record") or "?"
            where = f"alerts: {name}"
            if name in names:
                errors.append(f"{where}: defined twice")
            names.add(name)
            if "alert" not in rule:
                continue
            for field in ("expr", "for"):
                if field not in rule:
                    errors.append(f"{where}: no `{field}`")
            if not (rule.get("labels") or {}).get("severity"):
                errors.append(f"{where}: no severity label")
            annotations = rule.get("annotations") or {}
            if not annotations.get("summary"):
                errors.append(f"{where}: no summary annotation")
            runbook = annotations.get("runbook_url", "")
            anchor = runbook.split("#", 1)[1] if "#" in runbook else None
            if not runbook.startswith("deploy/RUNBOOK.md#") or \
                    anchor not in context.runbook_anchors:
                errors.append(f"{where}: runbook_url {runbook!r} is no entry of deploy/RUNBOOK.md "
                              f"(entries: {', '.join(sorted(context.runbook_anchors))})")
            errors += [f"{where}: {e}" for e in check_promql(rule.get("expr", ""), context)]
    return errors


def check_promql(expr, context):
    errors = []
    depth = {"(": 0, "{": 0, "[": 0}
    closing = {")": "(", "}": "{", "]": "["}
    without_strings = re.sub(r'"[^"]*"', '""', expr)
    for char in without_strings:
        if char in depth:
            depth[char] += 1
        elif char in closing:
            depth[closing[char]] -= 1
            if depth[closing[char]] < 0:
                errors.append(f"unbalanced {char!r} in expr")
    errors += [f"unbalanced {k!r} in expr" for k, v in depth.items() if v > 0]
    for metric, matchers in re.findall(r"\b([a-z_:][a-z0-9_:]*)\s*(\{[^}]*\})?", expr):
        if not metric.startswith("meridian_"):
            continue
        base = re.sub(r"_(bucket|sum|count)$", "", metric)
        if metric not in context.metrics and base not in context.metrics:
            errors.append(f"unknown metric {metric} (the code defines "
                          f"{', '.join(sorted(context.metrics))})")
        for label, operator, value in re.findall(r'([a-z_]+)\s*(=~|!~|!=|=)\s*"([^"]*)"',
                                                 matchers or ""):
            if label not in context.metric_labels and label not in SCRAPE_LABELS:
                errors.append(f"{metric}: no metric has the label {label!r}")
            if label == "code":
                for code in value.split("|"):
                    if code not in STATUS_CODES:
                        errors.append(f"{metric}: {code!r} is no status code name")
            if label == "method" and operator in ("=", "!=") and value not in context.rpcs:
                errors.append(f"{metric}: {value!r} is no RPC in proto/")
    return errors


# ---------------------------------------------------------------------------------------------

def check_all(renders, context):
    """Every problem in `renders` ({overlay: [objects]}) and the alert rules."""
    errors = []
    for name, docs in renders.items():
        errors += OverlayCheck(name, copy.deepcopy(docs), context).run()
    return errors + check_alerts(context)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", required=True)
    parser.add_argument("--kustomize", required=True)
    parser.add_argument("--binary", action="append", default=[], metavar="NAME=PATH",
                        help="a server binary the manifests run, e.g. intake_server=build/...")
    args = parser.parse_args(argv)
    binaries = dict(b.split("=", 1) for b in args.binary)
    context = Context(args.repo, binaries)
    renders = {name: render(args.kustomize, os.path.join(args.repo, "deploy", "k8s", "overlays",
                                                           name))
               for name in overlays(args.repo)}
    errors = check_all(renders, context)
    for error in errors:
        print(error)
    counts = ", ".join(f"{name} {len(docs)} objects" for name, docs in renders.items())
    if errors:
        print(f"manifest_check: {len(errors)} problem(s) in the rendered manifests ({counts})")
        return 1
    print(f"manifest_check: rendered and checked {counts}; alert rules checked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
