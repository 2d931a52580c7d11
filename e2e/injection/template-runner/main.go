// Command template-runner executes the templates of an istio-sidecar-injector ConfigMap the way istiod 1.27.9
// does, so that two ConfigMaps can be compared for the same inputs without running istiod:
//
//	template-runner gateway CONFIG VALUES MESH TEMPLATE INPUT.json
//	    Gateway API deployment templates (kube-gateway, waypoint): INPUT holds the Gateway and the
//	    controller-derived fields of istiod's TemplateInput; prints the rendered objects as YAML documents.
//	template-runner pod CONFIG VALUES MESH TEMPLATE POD.yaml [native]
//	    Webhook templates (sidecar, gateway...): prints the raw template output for a pod (a debugging aid;
//	    the comparison itself goes through `istioctl kube-inject`).
//
// CONFIG is the ConfigMap's `config` text, VALUES its `values` JSON, MESH the `mesh` of the istio ConfigMap.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"

	meshapi "istio.io/api/mesh/v1alpha1"
	"istio.io/istio/pilot/pkg/config/kube/gateway"
	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/kube/inject"
	"istio.io/istio/pkg/test/util/tmpl"
)

// gatewayInput mirrors istiod's derivedInput: the controller's TemplateInput plus the injection config.
type gatewayInput struct {
	gateway.TemplateInput
	ProxyImage  string
	ProxyConfig *meshapi.ProxyConfig
	MeshConfig  *meshapi.MeshConfig
	Values      map[string]any
}

type loaded struct {
	cfg    inject.Config
	values inject.ValuesConfig
	mesh   *meshapi.MeshConfig
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "template-runner:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 6 {
		return fmt.Errorf("usage: template-runner gateway|pod CONFIG VALUES MESH TEMPLATE INPUT [native]")
	}
	l, err := load(args[1], args[2], args[3])
	if err != nil {
		return err
	}
	t := l.cfg.Templates[args[4]]
	if t == nil {
		return fmt.Errorf("no %q template in %s", args[4], args[1])
	}
	input, err := os.ReadFile(args[5])
	if err != nil {
		return err
	}
	var data any
	switch args[0] {
	case "gateway":
		data, err = gatewayData(l, input)
	case "pod":
		data, err = podData(l, input, len(args) > 6 && args[6] == "native")
	default:
		err = fmt.Errorf("unknown mode %q", args[0])
	}
	if err != nil {
		return err
	}
	out, err := tmpl.Execute(t, data)
	if err != nil {
		return err
	}
	fmt.Print(out)
	return nil
}

func load(configFile, valuesFile, meshFile string) (loaded, error) {
	var l loaded
	raw, err := os.ReadFile(configFile)
	if err != nil {
		return l, err
	}
	if l.cfg, err = inject.UnmarshalConfig(raw); err != nil {
		return l, err
	}
	vals, err := os.ReadFile(valuesFile)
	if err != nil {
		return l, err
	}
	if l.values, err = inject.NewValuesConfig(string(vals)); err != nil {
		return l, err
	}
	meshText, err := os.ReadFile(meshFile)
	if err != nil {
		return l, err
	}
	l.mesh, err = mesh.ApplyMeshConfigDefaults(string(meshText))
	return l, err
}

func gatewayData(l loaded, input []byte) (any, error) {
	var in gateway.TemplateInput
	if err := json.Unmarshal(input, &in); err != nil {
		return nil, fmt.Errorf("input: %v", err)
	}
	if in.Gateway == nil {
		return nil, fmt.Errorf("input: no Gateway")
	}
	proxyConfig := l.mesh.GetDefaultConfig()
	return gatewayInput{
		TemplateInput: in,
		ProxyImage:    inject.ProxyImage(l.values.Struct(), proxyConfig.GetImage(), in.Annotations),
		ProxyConfig:   proxyConfig,
		MeshConfig:    l.mesh,
		Values:        l.values.Map(),
	}, nil
}

func podData(l loaded, input []byte, native bool) (any, error) {
	var pod corev1.Pod
	if err := yaml.Unmarshal(input, &pod); err != nil {
		return nil, fmt.Errorf("pod: %v", err)
	}
	proxyConfig := l.mesh.GetDefaultConfig()
	return inject.SidecarTemplateData{
		TypeMeta:       metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"},
		DeploymentMeta: types.NamespacedName{Name: pod.Name, Namespace: pod.Namespace},
		ObjectMeta:     pod.ObjectMeta,
		Spec:           pod.Spec,
		ProxyConfig:    proxyConfig,
		MeshConfig:     l.mesh,
		Values:         l.values.Map(),
		NativeSidecars: native,
		ProxyImage:     inject.ProxyImage(l.values.Struct(), proxyConfig.GetImage(), pod.Annotations),
		ProxyUID:       1337,
		ProxyGID:       1337,
	}, nil
}
