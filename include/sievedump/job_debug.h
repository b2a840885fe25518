/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_JOB_DEBUG_H
#define SIEVEDUMP_JOB_DEBUG_H

/*
 * job_debug.c, job_debug_model.c: -D, makedumpfile's lines then ours.
 */

struct sd_job;
struct sd_log;
struct sd_vmcoreinfo;

void sd_debug_startup(struct sd_log *log, int argc, char **argv);
void sd_job_debug_source(struct sd_job *job);
void sd_vmci_debug(struct sd_log *log, const struct sd_vmcoreinfo *vi);
void sd_job_debug_model(struct sd_job *job);

#endif
