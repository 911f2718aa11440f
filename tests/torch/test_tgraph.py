"""torch autograd graph API: what golden programs cannot show (garbage collection of hook
cycles, per-thread backward passes of multi-grad hooks, hooks running once per pass)."""
import gc
import threading
import weakref

import gradcompat.torch as torch


class _Sentinel:
    pass


def _hooked_graph(on_grad_fn: bool):
    a = torch.tensor(1., requires_grad=True)
    b = a.clone()
    grad_fn_b = b.grad_fn
    obj = _Sentinel()
    count = [0]

    def hook(*args):
        grad_fn_b, obj  # the closure holds the node: a cycle through the hook
        count[0] += 1

    if on_grad_fn:
        b.grad_fn.register_hook(hook)
    else:
        b.register_hook(hook)
    return b.clone(), weakref.ref(obj), count


def test_hook_cycles_are_collected():
    for on_grad_fn in (True, False):
        gc.disable()
        try:
            out, ref, count = _hooked_graph(on_grad_fn)
            out.backward(retain_graph=True)
            gc.collect()
            out.backward(retain_graph=True)
            assert count[0] == 2 and ref() is not None  # alive while the graph is
            del out
            gc.collect()
            assert ref() is None  # the cycle hook -> closure -> grad_fn is freed with the graph
        finally:
            gc.enable()


def test_post_accumulate_hook_freed_with_tensor():
    thing = _Sentinel()
    t = torch.tensor([1., 2.], requires_grad=True)
    t.register_post_accumulate_grad_hook(lambda x, thing=thing: None)
    ref = weakref.ref(thing)
    del thing
    t.sum().backward()
    assert ref() is not None
    del t
    gc.collect()
    assert ref() is None


def test_multi_grad_hook_once_per_pass_across_threads():
    t1 = torch.tensor([1., 2.], requires_grad=True)
    t2 = torch.tensor([3., 4.], requires_grad=True)
    seen = []
    lock = threading.Lock()

    def hook(grads):
        with lock:
            seen.append(tuple(g is not None for g in grads))

    torch.autograd.graph.register_multi_grad_hook((t1, t2), hook)
    out = (t1 * 2).sum()
    threads = [threading.Thread(target=lambda: out.backward(inputs=(t1,), retain_graph=True)) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert seen == [(True, False)] * 4


def test_grad_fn_object_and_metadata_die_with_graph():
    x = torch.tensor([1.], requires_grad=True)
    y = x * 2
    meta = _Sentinel()
    y.grad_fn.metadata["m"] = meta
    ref = weakref.ref(meta)
    del meta
    assert y.grad_fn.metadata["m"] is ref()
    del y
    gc.collect()
    assert ref() is None
