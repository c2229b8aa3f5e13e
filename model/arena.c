/*
 * model/arena.c - a bump allocator: blocks chained together, each carved
 * front to back, all freed at once.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

#define ARENA_BLOCK 16384
#define ARENA_ALIGN 16

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} arena_block;

struct kaiji_arena {
    arena_block *head;
};

kaiji_arena *kaiji_arena_new(void)
{
    return calloc(1, sizeof(kaiji_arena));
}

void kaiji_arena_free(kaiji_arena *arena)
{
    if (!arena)
        return;
    arena_block *b = arena->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

/* A new block for need bytes (a multiple of ARENA_ALIGN) when the current
 * one lacks the room: the allocation's start, or NULL. */
static __attribute__((noinline)) void *alloc_block(kaiji_arena *arena, size_t need)
{
    arena_block *b = arena->head;
    size_t bsize = need > ARENA_BLOCK ? need : ARENA_BLOCK;
    if (bsize > SIZE_MAX - sizeof(arena_block))
        return NULL;
    arena_block *nb = malloc(sizeof(arena_block) + bsize);
    if (!nb)
        return NULL;
    nb->used = need;
    nb->size = bsize;
    /* A big allocation gets its own block behind the current one, so the
     * current block's free space is not wasted. */
    if (b && need > ARENA_BLOCK) {
        nb->next = b->next;
        b->next = nb;
    } else {
        nb->next = b;
        arena->head = nb;
    }
    return nb->data;
}

/* kaiji_arena_alloc, in line in the functions below: the room of the
 * current block is all most allocations look at. */
static inline __attribute__((always_inline)) void *arena_alloc(kaiji_arena *arena, size_t size)
{
    size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need < size)
        return NULL;
    arena_block *b = arena->head;
    if (!b || b->size - b->used < need)
        return alloc_block(arena, need);
    void *p = b->data + b->used;
    b->used += need;
    return p;
}

void *kaiji_arena_alloc(kaiji_arena *arena, size_t size)
{
    return arena_alloc(arena, size);
}

static inline __attribute__((always_inline)) char *arena_strndup(kaiji_arena *arena,
                                                                 const char *s, size_t len)
{
    char *p = arena_alloc(arena, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *kaiji_arena_strndup(kaiji_arena *arena, const char *s, size_t len)
{
    return arena_strndup(arena, s, len);
}

char *kaiji_arena_strdup(kaiji_arena *arena, const char *s)
{
    if (!s)
        s = "";
    return arena_strndup(arena, s, strlen(s));
}

char *kaiji_arena_printf(kaiji_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = kaiji_arena_alloc(arena, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
