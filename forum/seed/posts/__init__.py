"""Every demo post, one module per area of care."""

from forum.seed.posts import (
    adaptations,
    blood_immune,
    breathing,
    everyday,
    ibd,
    ibd_school,
    kidney_heart,
    network,
    seizures,
)
from forum.seed.spec import DemoPost

DEMO_POSTS: tuple[DemoPost, ...] = (
    *ibd_school.POSTS,
    *ibd.POSTS,
    *kidney_heart.POSTS,
    *breathing.POSTS,
    *everyday.POSTS,
    *seizures.POSTS,
    *blood_immune.POSTS,
    *network.POSTS,
    *adaptations.POSTS,
)
