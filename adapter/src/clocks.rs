//! wasi:clocks — monotonic and wall clocks. WASIp2 has no error channel here:
//! a clock the host refuses is a trap.
use crate::io::host_pollable;
use crate::p1;
use crate::rt::{check, state, Ret};
use crate::table::Wait;

#[inline(always)]
pub fn time(id: u32) -> u64 {
    let out = &mut state().clock_out;
    // SAFETY: the host writes a timestamp into the state's slot.
    check(unsafe { p1::clock_time_get(id, 1, out) });
    *out
}

fn resolution(id: u32) -> u64 {
    let mut t = 0u64;
    // SAFETY: the host writes a timestamp into the local.
    check(unsafe { p1::clock_res_get(id, &mut t) });
    t
}

fn datetime(ns: u64, ret: *mut u8) {
    let ret = Ret(ret);
    ret.u64(0, ns / 1_000_000_000);
    ret.u32(8, (ns % 1_000_000_000) as u32);
}

#[export_name = "wasi:clocks/monotonic-clock#now"]
extern "C" fn monotonic_now() -> u64 {
    time(p1::CLOCK_MONOTONIC)
}

#[export_name = "wasi:clocks/monotonic-clock#resolution"]
extern "C" fn monotonic_resolution() -> u64 {
    resolution(p1::CLOCK_MONOTONIC)
}

#[export_name = "wasi:clocks/monotonic-clock#subscribe-instant"]
extern "C" fn subscribe_instant(when: u64) -> u32 {
    host_pollable(Wait::Clock(when), 0)
}

#[export_name = "wasi:clocks/monotonic-clock#subscribe-duration"]
extern "C" fn subscribe_duration(duration: u64) -> u32 {
    let deadline = time(p1::CLOCK_MONOTONIC).saturating_add(duration);
    host_pollable(Wait::Clock(deadline), 0)
}

#[export_name = "wasi:clocks/wall-clock#now"]
extern "C" fn wall_now(ret: *mut u8) {
    datetime(time(p1::CLOCK_REALTIME), ret);
}

#[export_name = "wasi:clocks/wall-clock#resolution"]
extern "C" fn wall_resolution(ret: *mut u8) {
    datetime(resolution(p1::CLOCK_REALTIME), ret);
}
