#!/usr/bin/python3
"""manifest_check.py can fail: each test breaks the rendered manifests (or the alert rules) in
one way and expects the check to name that break; the unbroken render must pass.

    manifest_check_test.py --repo . --kustomize build/kustomize/kustomize \\
        --binary intake_server=build/services/intake/intake_server ...
"""

import argparse
import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manifest_check  # noqa: E402  (beside this file)

RENDERS = {}
CONTEXT = None


def find(docs, kind, name):
    for doc in docs:
        if doc["kind"] == kind and doc["metadata"]["name"] == name:
            return doc
    raise KeyError(f"{kind}/{name} is not rendered")


def find_prefix(docs, kind, prefix):
    """A generated object, whose name has a hash suffix."""
    return next(d for d in docs if d["kind"] == kind and d["metadata"]["name"].startswith(prefix))


def pod(doc):
    return doc["spec"]["template"]["spec"]


def server(doc):
    return next(c for c in pod(doc)["containers"] if c["name"] == "server")


class ManifestCheckTest(unittest.TestCase):
    def errors_after(self, overlay, mutate, alerts=None):
        renders = copy.deepcopy(RENDERS)
        context = copy.copy(CONTEXT)
        if alerts is not None:
            context.alerts = copy.deepcopy(CONTEXT.alerts)
            alerts(context.alerts)
        if mutate is not None:
            mutate(renders[overlay])
        return manifest_check.check_all(renders, context)

    def assert_reported(self, overlay, mutate, expected, alerts=None):
        errors = self.errors_after(overlay, mutate, alerts)
        self.assertTrue(any(expected in e for e in errors),
                        f"no error contains {expected!r}; the check said:\n" + "\n".join(errors))

    def test_the_manifests_as_they_are_pass(self):
        self.assertEqual(self.errors_after("dev", None), [])

    # --- workloads

    def test_a_missing_startup_probe(self):
        self.assert_reported(
            "dev", lambda d: server(find(d, "Deployment", "talent")).pop("startupProbe"),
            "Deployment/talent: container server: no startupProbe")

    def test_a_missing_memory_limit(self):
        self.assert_reported(
            "prod", lambda d: server(find(d, "Deployment", "intake"))["resources"]["limits"]
            .pop("memory"), "Deployment/intake: container server: no memory in resources.limits")

    def test_a_writable_root_filesystem(self):
        def mutate(docs):
            server(find(docs, "Deployment", "talent"))["securityContext"][
                "readOnlyRootFilesystem"] = False
        self.assert_reported("prod", mutate, "readOnlyRootFilesystem must be true")

    def test_root_allowed(self):
        self.assert_reported(
            "prod", lambda d: pod(find(d, "Deployment", "placement"))["securityContext"]
            .pop("runAsNonRoot"), "Deployment/placement: container server: runAsNonRoot")

    def test_capabilities_kept(self):
        def mutate(docs):
            server(find(docs, "Deployment", "intake"))["securityContext"]["capabilities"] = {}
        self.assert_reported("prod", mutate, "capabilities must drop ALL")

    def test_no_seccomp_profile(self):
        self.assert_reported(
            "dev", lambda d: pod(find(d, "Job", "meridian-migrate"))["securityContext"]
            .pop("seccompProfile"), "Job/meridian-migrate: container migrate: seccompProfile")

    def test_a_mounted_service_account_token(self):
        def mutate(docs):
            pod(find(docs, "Deployment", "talent"))["automountServiceAccountToken"] = True
        self.assert_reported("prod", mutate, "automountServiceAccountToken must be false")

    def test_an_image_at_latest(self):
        def mutate(docs):
            server(find(docs, "Deployment", "talent"))["image"] = "meridian:latest"
        self.assert_reported("dev", mutate, "uses the `latest` tag")

    def test_an_image_without_tag(self):
        def mutate(docs):
            find(docs, "StatefulSet", "postgres")["spec"]["template"]["spec"]["containers"][0][
                "image"] = "postgres"
        self.assert_reported("dev", mutate, "has no tag or digest")

    def test_another_program_in_the_meridian_image(self):
        def mutate(docs):
            pod(find(docs, "Deployment", "intake"))["initContainers"][0]["command"] = [
                "/bin/sh", "-c", "cp /run/meridian/secrets/webhook-signing-key/key /tmp"]
        self.assert_reported("prod", mutate, "the Meridian image runs a server")

    # --- flags and ports against the binaries

    def test_a_flag_the_binary_does_not_have(self):
        self.assert_reported(
            "prod", lambda d: server(find(d, "Deployment", "talent"))["command"]
            .append("--intake_adress=dns:///intake-headless:50051"),
            "--intake_adress is not a flag of talent_server")

    def test_an_environment_variable_of_no_flag(self):
        def mutate(docs):
            server(find(docs, "Deployment", "intake"))["env"][0]["name"] = "MERIDIAN_DATABASE_URI"
        self.assert_reported("prod", mutate, "env MERIDIAN_DATABASE_URI is no flag's variable")

    def test_a_container_port_it_does_not_listen_on(self):
        def mutate(docs):
            ports = server(find(docs, "Deployment", "placement"))["ports"]
            next(p for p in ports if p["name"] == "metrics")["containerPort"] = 9091
        self.assert_reported("dev", mutate, "containerPort metrics 9091 is none of the ports")

    def test_a_listen_port_no_container_port_declares(self):
        def mutate(docs):
            command = server(find(docs, "Deployment", "intake"))["command"]
            command[command.index("--listen_address=0.0.0.0:50051")] = \
                "--listen_address=0.0.0.0:50060"
        self.assert_reported("prod", mutate, "--listen_address listens on 50060, which no "
                                             "containerPort declares")

    def test_a_probe_on_another_port(self):
        def mutate(docs):
            server(find(docs, "Deployment", "talent"))["readinessProbe"]["grpc"]["port"] = 50099
        self.assert_reported("prod", mutate, "readinessProbe port 50099 is none of the ports")

    def test_a_probe_for_a_service_that_does_not_exist(self):
        def mutate(docs):
            server(find(docs, "Deployment", "intake"))["readinessProbe"]["grpc"][
                "service"] = "meridian.intake.v1.IntakeServce"
        self.assert_reported("prod", mutate, "which is no gRPC service in proto/")

    def test_a_key_file_nothing_provides(self):
        self.assert_reported(
            "prod", lambda d: pod(find(d, "Deployment", "talent")).pop("initContainers"),
            "nothing provides --peer_key_file=/run/meridian/keys/peer.key")

    def test_a_file_outside_every_mount(self):
        def mutate(docs):
            command = server(find(docs, "Deployment", "intake"))["command"]
            command.append("--tls_cert_file=/etc/meridian/tls.crt")
        self.assert_reported("dev", mutate, "--tls_cert_file=/etc/meridian/tls.crt is in no volume")

    # --- Services

    def test_an_unnamed_service_port(self):
        self.assert_reported(
            "prod", lambda d: find(d, "Service", "talent")["spec"]["ports"][0].pop("name"),
            "Service/talent: port 50052 has no name")

    def test_a_grpc_port_without_app_protocol(self):
        self.assert_reported(
            "dev", lambda d: find(d, "Service", "intake-headless")["spec"]["ports"][0]
            .pop("appProtocol"), "Service/intake-headless: port grpc: appProtocol must be grpc")

    def test_a_target_port_no_pod_has(self):
        def mutate(docs):
            find(docs, "Service", "placement")["spec"]["ports"][0]["targetPort"] = "grcp"
        self.assert_reported("prod", mutate, "targetPort 'grcp' is no container port")

    # --- Secrets

    def test_a_secret_neither_rendered_nor_documented(self):
        def mutate(docs):
            server(find(docs, "Deployment", "talent"))["env"][0]["valueFrom"]["secretKeyRef"][
                "name"] = "meridian-db"
        self.assert_reported("prod", mutate, "Secret 'meridian-db' is neither rendered nor "
                                             "documented")

    def test_a_key_the_rendered_secret_does_not_have(self):
        def mutate(docs):
            server(find(docs, "Deployment", "talent"))["env"][0]["valueFrom"]["secretKeyRef"][
                "key"] = "uri"
        self.assert_reported("dev", mutate, "has no key 'uri'")

    def test_an_external_secret_in_dev(self):
        def mutate(docs):
            volumes = pod(find(docs, "Deployment", "intake"))["volumes"]
            next(v for v in volumes if "secret" in v)["secret"][
                "secretName"] = "meridian-webhook-signing-key"
        self.assert_reported("dev", mutate, "the dev overlay must render every Secret")

    # --- network policies

    def test_a_policy_that_selects_no_pod(self):
        def mutate(docs):
            find(docs, "NetworkPolicy", "talent")["spec"]["podSelector"]["matchLabels"][
                "app"] = "talnet"
        self.assert_reported("prod", mutate, "NetworkPolicy/talent: its podSelector selects no pod")

    def test_a_policy_peer_that_selects_no_pod(self):
        def mutate(docs):
            find(docs, "NetworkPolicy", "intake")["spec"]["ingress"][0]["from"][0][
                "podSelector"]["matchLabels"]["app"] = "talnet"
        self.assert_reported("dev", mutate, "ingress rule 0: podSelector {'matchLabels': "
                                            "{'app': 'talnet'}} selects no pod")

    def test_a_call_its_egress_refuses(self):
        def mutate(docs):
            egress = find(docs, "NetworkPolicy", "talent")["spec"]["egress"]
            egress[:] = [r for r in egress if r["ports"][0]["port"] != 50051]
        self.assert_reported("prod", mutate, "do not let talent reach intake on port 50051")

    def test_a_call_the_callee_refuses(self):
        def mutate(docs):
            peers = find(docs, "NetworkPolicy", "intake")["spec"]["ingress"][0]["from"]
            peers[:] = [p for p in peers if p["podSelector"]["matchLabels"]["app"] != "placement"]
        self.assert_reported("prod", mutate, "do not let placement in on port 50051")

    def test_no_way_to_the_database(self):
        self.assert_reported(
            "prod", lambda d: d.remove(find(d, "NetworkPolicy", "meridian-database-egress")),
            "do not let intake reach the database on port 5432")

    def test_a_workload_without_policy(self):
        self.assert_reported(
            "dev", lambda d: d.remove(find(d, "NetworkPolicy", "meridian-migrate")),
            "Job/meridian-migrate: no NetworkPolicy limits its ingress")

    # --- calls between services

    def test_a_call_through_a_cluster_ip(self):
        def mutate(docs):
            command = server(find(docs, "Deployment", "talent"))["command"]
            command[command.index("--intake_address=dns:///intake-headless:50051")] = \
                "--intake_address=intake:50051"
        self.assert_reported("prod", mutate, "calls between services go to dns:///")

    def test_a_call_to_a_service_that_is_not_headless(self):
        def mutate(docs):
            command = server(find(docs, "Deployment", "placement"))["command"]
            command[command.index("--talent_address=dns:///talent-headless:50052")] = \
                "--talent_address=dns:///talent:50052"
        self.assert_reported("prod", mutate, "Service talent is not headless")

    # --- per environment

    def test_prod_without_disruption_budget(self):
        self.assert_reported(
            "prod", lambda d: d.remove(find(d, "PodDisruptionBudget", "placement")),
            "Deployment/placement: no PodDisruptionBudget")

    def test_prod_without_autoscaler(self):
        self.assert_reported(
            "prod", lambda d: d.remove(find(d, "HorizontalPodAutoscaler", "talent")),
            "Deployment/talent: no HorizontalPodAutoscaler")

    def test_prod_with_a_single_replica(self):
        def mutate(docs):
            find(docs, "HorizontalPodAutoscaler", "intake")["spec"]["minReplicas"] = 1
        self.assert_reported("prod", mutate, "minReplicas must be at least 2")

    def test_prod_without_anti_affinity(self):
        self.assert_reported("prod", lambda d: pod(find(d, "Deployment", "intake")).pop("affinity"),
                             "Deployment/intake: no podAntiAffinity")

    def test_prod_without_service_monitor(self):
        self.assert_reported("prod", lambda d: d.remove(find(d, "ServiceMonitor", "meridian")),
                             "no ServiceMonitor scrapes its `metrics` port")

    def test_prod_rules_that_differ_from_the_rules_file(self):
        def mutate(docs):
            find(docs, "PrometheusRule", "meridian")["spec"]["groups"][0]["rules"][0]["for"] = "1m"
        self.assert_reported("prod", mutate, "its groups differ from deploy/k8s/alerts")

    def test_a_scrape_annotation_on_the_wrong_port(self):
        def mutate(docs):
            find(docs, "Deployment", "talent")["spec"]["template"]["metadata"]["annotations"][
                "prometheus.io/port"] = "9091"
        self.assert_reported("dev", mutate,
                             "prometheus.io/port is '9091', the metrics port is 9090")

    def test_dev_with_two_replicas(self):
        def mutate(docs):
            find(docs, "Deployment", "talent")["spec"]["replicas"] = 2
        self.assert_reported("dev", mutate, "the dev overlay runs one replica of each service")

    def test_a_database_url_to_no_service(self):
        def mutate(docs):
            secret = find_prefix(docs, "Secret", "meridian-database")
            secret["data"]["url"] = manifest_check.base64.b64encode(
                b"postgresql://meridian:x@postgress:5432/meridian").decode()
        self.assert_reported("dev", mutate, "the database URL's host 'postgress' is no rendered")

    # --- alert rules

    def test_an_alert_on_a_metric_the_code_does_not_define(self):
        def alerts(rules):
            rule = rules["groups"][0]["rules"][2]
            rule["expr"] = rule["expr"].replace("meridian_search_index_lag_changes",
                                                "meridian_search_index_lag")
        self.assert_reported("dev", None, "unknown metric meridian_search_index_lag", alerts)

    def test_an_alert_without_runbook_entry(self):
        def alerts(rules):
            rules["groups"][0]["rules"][0]["annotations"]["runbook_url"] = \
                "deploy/RUNBOOK.md#meridianerrors"
        self.assert_reported("dev", None, "is no entry of deploy/RUNBOOK.md", alerts)

    def test_an_alert_on_a_status_code_that_does_not_exist(self):
        def alerts(rules):
            rule = rules["groups"][0]["rules"][0]
            rule["expr"] = rule["expr"].replace("UNAVAILABLE", "UNAVAILBLE")
        self.assert_reported("dev", None, "'UNAVAILBLE' is no status code name", alerts)

    def test_an_alert_on_a_label_no_metric_has(self):
        def alerts(rules):
            rule = rules["groups"][0]["rules"][1]
            rule["expr"] = rule["expr"].replace('method!="StreamEvents"', 'rpc!="StreamEvents"')
        self.assert_reported("dev", None, "no metric has the label 'rpc'", alerts)

    def test_an_alert_with_unbalanced_parentheses(self):
        def alerts(rules):
            rules["groups"][0]["rules"][3]["expr"] += ")"
        self.assert_reported("dev", None, "unbalanced ')'", alerts)


def main():
    global CONTEXT
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--kustomize", required=True)
    parser.add_argument("--binary", action="append", default=[])
    args, rest = parser.parse_known_args()
    CONTEXT = manifest_check.Context(args.repo, dict(b.split("=", 1) for b in args.binary))
    for name in ("dev", "prod"):
        RENDERS[name] = manifest_check.render(
            args.kustomize, os.path.join(args.repo, "deploy", "k8s", "overlays", name))
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
